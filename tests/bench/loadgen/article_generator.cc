#include "article_generator.h"

#include <zlib.h>

#include <algorithm>
#include <array>
#include <filesystem>
#include <random>
#include <string_view>

#include <absl/strings/numbers.h>
#include <absl/strings/str_split.h>
#include <absl/strings/strip.h>
#include <fmt/format.h>

namespace newsflow::bench {
namespace {

// Hand-written news-like paragraphs. {0}..{3} are replaced with numbers that depend on the
// article index, so that texts (and their hashes) differ while keeping a realistic shape.
constexpr std::array<std::string_view, 18> kParagraphs = {
    "政府は{0}日、物価高への追加対策として総額{1}億円規模の経済対策をまとめた。低所得世帯への"
    "給付金の支給や、電気・ガス料金の負担軽減策を{2}月まで延長することが柱となる。首相は記者団に"
    "対し「国民生活を守るため、あらゆる手段を講じる」と強調した。",
    "気象庁によると、台風{0}号は{1}日午後{2}時現在、沖縄の南の海上を時速{3}キロで北西へ進んで"
    "いる。中心気圧は955ヘクトパスカルで、今後さらに発達しながら週末にかけて九州南部に接近する"
    "おそれがある。同庁は暴風や高波、土砂災害への警戒を呼びかけている。",
    "東京株式市場で日経平均株価は{0}日、前日比{1}円高の3万{2}円で取引を終えた。米国の利下げ観測"
    "を背景に半導体関連株に買いが広がり、売買代金は概算で{3}億円に達した。市場関係者は「海外勢の"
    "資金流入が続いている」と話している。",
    "文部科学省は{0}日、全国の小中学校を対象とした学力調査の結果を公表した。国語の平均正答率は{1}"
    "パーセント、算数・数学は{2}パーセントで、前回調査からいずれも小幅に改善した。地域間の格差は"
    "依然として残っており、同省は教員の配置の見直しを検討する。",
    "警視庁は{0}日、特殊詐欺グループの指示役とみられる{1}歳の男を詐欺の疑いで逮捕した。男は高齢者"
    "宅に電話をかけ、息子を装って現金をだまし取った疑いが持たれている。被害総額は少なくとも{2}万円"
    "にのぼるとみられ、同庁が余罪を調べている。",
    "総務省が{0}日発表した人口推計によると、65歳以上の高齢者は前年より{1}万人増え、総人口に占める"
    "割合は過去最高の{2}パーセントとなった。働く高齢者も増加を続けており、人手不足が深刻な介護や"
    "運輸の現場を支える存在となっている。",
    "日本銀行は{0}日に開いた金融政策決定会合で、短期金利の誘導目標を据え置くことを全会一致で決め"
    "た。総裁は会見で、賃金と物価の好循環について「確度は高まりつつある」と述べ、{1}月以降の追加"
    "利上げに含みを残した。長期金利は一時{2}パーセントまで上昇した。",
    "{0}日午前{1}時ごろ、北海道東部を震源とする地震があり、最大震度5弱を観測した。気象庁によると"
    "震源の深さは約{2}キロ、地震の規模を示すマグニチュードは{3}と推定される。この地震による津波の"
    "心配はないという。",
    "全国高校野球選手権大会は{0}日、準々決勝4試合が行われ、ベスト4が出そろった。第{1}試合では延長"
    "タイブレークの末、公立校が{2}対{3}で強豪私立校を破る波乱があり、スタンドを埋めた観客から大きな"
    "拍手が送られた。",
    "厚生労働省によると、{0}年の国内の出生数は{1}万人余りで、統計を取り始めてから最も少なくなった。"
    "合計特殊出生率も{2}に低下しており、政府は子育て世帯への支援策の拡充を急いでいる。専門家は"
    "「若い世代の所得を上げる政策が欠かせない」と指摘する。",
    "国土交通省は{0}日、全国の基準地価を発表した。全用途の平均は前年比{1}パーセント上昇し、{2}年"
    "連続のプラスとなった。訪日客の回復を受けて観光地や都市部の商業地で上昇が目立つ一方、地方の"
    "住宅地では下落が続く地点も多い。",
    "大手自動車メーカーは{0}日、電気自動車向け電池の新工場を国内に建設すると発表した。投資額は約{1}"
    "億円で、{2}年の稼働を目指す。同社は「サプライチェーンを国内で強化し、世界的な競争に備える」と"
    "しており、地元自治体も雇用の拡大に期待を寄せている。",
    "環境省によると、この夏の熱中症による救急搬送者数は{0}日までに全国で{1}人を超え、前年同期を"
    "上回った。同省は気温が{2}度を超える日には外出を控え、エアコンを適切に使うよう呼びかけている。"
    "特に高齢者や子どもは注意が必要だという。",
    "外務省は{0}日、外相が来週から{1}日間の日程で東南アジア諸国を訪問すると発表した。各国の外相と"
    "会談し、海洋安全保障や経済連携の強化について意見を交わす予定だ。地域の安定に向けた協力を確認"
    "し、共同声明の発表も調整している。",
    "JR各社は{0}日、年末年始の新幹線の予約状況を発表した。指定席の予約数は前年比{1}パーセント増の"
    "約{2}万席で、混雑のピークは下りが12月{3}日、上りが1月3日になる見通しだ。各社は臨時列車を増発"
    "して対応する。",
    "県警によると、{0}日午後、県道で乗用車とトラックが衝突する事故があり、乗用車を運転していた{1}"
    "歳の男性が病院に運ばれたが、まもなく死亡が確認された。現場は見通しのよい直線道路で、警察が"
    "事故の詳しい原因を調べている。",
    "政府の有識者会議は{0}日、人工知能の利用に関する指針案をまとめた。生成AIの開発事業者に対し、"
    "学習データの透明性確保や偽情報への対策を求める内容で、{1}月にも正式に決定する。委員からは"
    "「技術の進歩に合わせて{2}年ごとに見直すべきだ」との意見が出た。",
    "水産庁によると、今年のサンマの水揚げ量は{0}日現在で約{1}トンと、前年同期の{2}"
    "割程度にとどまって"
    "いる。海水温の上昇で漁場が沖合に移ったことが影響しているとみられ、店頭価格は1匹{3}円前後と"
    "高値が続いている。",
};

constexpr std::array<std::string_view, 8> kTitles = {
    "政府、総額{1}億円の経済対策を決定 給付金を{0}日から",
    "台風{0}号、週末に九州接近のおそれ 気象庁が警戒呼びかけ",
    "日経平均、{1}円高 半導体株に買い広がる",
    "特殊詐欺の指示役か、{1}歳の男を逮捕 被害{0}万円",
    "日銀、金利据え置きを決定 {1}月以降の利上げに含み",
    "出生数{1}万人、過去最少を更新",
    "EV電池の新工場、{1}億円投資へ 大手自動車",
    "新幹線の年末年始予約、前年比{1}パーセント増",
};

constexpr std::array<std::string_view, 6> kHosts = {
    "www3.nhk.or.jp",    "www.asahi.com",  "mainichi.jp",
    "www.yomiuri.co.jp", "www.nikkei.com", "news.example.jp",
};

// Numbers for one paragraph: mixed from the index so neighbouring articles differ everywhere.
std::array<uint64_t, 4> Numbers(std::mt19937_64& rng, uint64_t index) {
  return {1 + rng() % 28, 10 + (rng() + index) % 9000, 1 + (rng() ^ index) % 12, 1 + rng() % 99};
}

std::string Format(std::string_view pattern, const std::array<uint64_t, 4>& n) {
  return fmt::format(fmt::runtime(pattern), n[0], n[1], n[2], n[3]);
}

absl::StatusOr<std::string> ReadPage(const std::filesystem::path& path) {
  gzFile file = gzopen(path.c_str(), "rb");  // reads plain files unchanged too
  if (file == nullptr) return absl::NotFoundError(fmt::format("cannot open {}", path.string()));
  std::string content;
  char buffer[1 << 16];
  int read = 0;
  while ((read = gzread(file, buffer, sizeof(buffer))) > 0) content.append(buffer, read);
  gzclose(file);
  if (read < 0) return absl::DataLossError(fmt::format("cannot read {}", path.string()));
  return content;
}

bool IsPage(const std::filesystem::path& path) {
  const std::string name = path.filename().string();
  return name.ends_with(".html") || name.ends_with(".htm") || name.ends_with(".html.gz") ||
         name.ends_with(".htm.gz");
}

}  // namespace

JapaneseText MakeJapaneseText(uint64_t index) {
  std::mt19937_64 rng(index * 0x9E3779B97F4A7C15ULL + 1);
  JapaneseText result;
  result.title = fmt::format(
      "{}（第{}報）", Format(kTitles[rng() % kTitles.size()], Numbers(rng, index)), index + 1);
  // 9 to 12 distinct paragraphs in a random order: about 3.5-5 KB of UTF-8.
  std::array<size_t, kParagraphs.size()> order{};
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::shuffle(order.begin(), order.end(), rng);
  const size_t paragraphs = 9 + rng() % 4;
  result.text = fmt::format("【{}】通し番号{}の記事です。", kHosts[index % kHosts.size()], index);
  for (size_t i = 0; i < paragraphs; ++i) {
    result.text += '\n';
    result.text += Format(kParagraphs[order[i]], Numbers(rng, index));
  }
  return result;
}

absl::StatusOr<ArticleMix> ParseArticleMix(const std::string& spec) {
  ArticleMix mix{.ja_text = 0};
  // Debian's Abseil has its own string_view (not std::string_view).
  for (absl::string_view part : absl::StrSplit(spec, ',', absl::SkipEmpty())) {
    std::pair<absl::string_view, absl::string_view> kv = absl::StrSplit(part, '=');
    double weight = 0;
    if (!absl::SimpleAtod(kv.second, &weight) || weight < 0) {
      return absl::InvalidArgumentError(
          fmt::format("--mix: bad weight in \"{}\"", std::string(part)));
    }
    if (kv.first == "ja_text") {
      mix.ja_text = weight;
    } else if (kv.first == "html") {
      mix.html = weight;
    } else if (kv.first == "tiny") {
      mix.tiny = weight;
    } else if (kv.first == "large") {
      mix.large = weight;
    } else {
      return absl::InvalidArgumentError(fmt::format(
          "--mix: unknown kind \"{}\" (ja_text, html, tiny, large)", std::string(kv.first)));
    }
  }
  if (mix.ja_text + mix.html + mix.tiny + mix.large <= 0) {
    return absl::InvalidArgumentError("--mix: every weight is zero");
  }
  return mix;
}

absl::StatusOr<ArticleGenerator> ArticleGenerator::Create(GeneratorOptions options) {
  ArticleGenerator generator(std::move(options));
  if (generator.options_.mix.html > 0) {
    std::error_code error;
    std::vector<std::filesystem::path> paths;
    for (const auto& entry :
         std::filesystem::directory_iterator(generator.options_.html_dir, error)) {
      if (entry.is_regular_file() && IsPage(entry.path())) paths.push_back(entry.path());
    }
    std::sort(paths.begin(), paths.end());
    for (const auto& path : paths) {
      absl::StatusOr<std::string> page = ReadPage(path);
      if (page.ok() && !page->empty()) generator.html_pages_.push_back(*std::move(page));
    }
    if (generator.html_pages_.empty()) {
      return absl::InvalidArgumentError(
          fmt::format("--mix has html but no page could be read from --html-dir \"{}\"",
                      generator.options_.html_dir));
    }
  }
  return generator;
}

size_t ArticleGenerator::Fill(uint64_t index, v1::RawArticle* out) const {
  const ArticleMix& mix = options_.mix;
  // The kind is a deterministic function of the index, so reruns send the same sequence.
  std::mt19937_64 rng(index ^ 0xA5A5A5A55A5A5A5AULL);
  double pick =
      std::uniform_real_distribution<double>(0, mix.ja_text + mix.html + mix.tiny + mix.large)(rng);
  const uint64_t url_index = options_.unique_urls ? index : index % 1000;
  const std::string_view host = kHosts[url_index % kHosts.size()];
  out->Clear();
  out->set_content_type(v1::CONTENT_TYPE_TEXT);
  out->set_charset("utf-8");
  if ((pick -= mix.ja_text) < 0) {
    JapaneseText text = MakeJapaneseText(index);
    out->set_url(fmt::format("https://{}/news/{}/{}.html", host, options_.run_id, url_index));
    out->set_title_hint(std::move(text.title));
    out->set_body(std::move(text.text));
  } else if ((pick -= mix.html) < 0) {
    // The same page under a new URL: not a duplicate, but a near-duplicate of its earlier copy.
    out->set_url(fmt::format("https://{}/page/{}/{}.html", host, options_.run_id, url_index));
    out->set_content_type(v1::CONTENT_TYPE_HTML);
    out->clear_charset();  // left to <meta charset> and detection, as for a real crawl
    out->set_body(html_pages_[index % html_pages_.size()]);
  } else if ((pick -= mix.tiny) < 0) {
    out->set_url(fmt::format("https://{}/flash/{}/{}.html", host, options_.run_id, url_index));
    out->set_body(fmt::format(
        "速報：{}日午後、都内で震度{}の地震がありました。通し番号{}。詳しい情報が入り次第お伝え"
        "します。",
        1 + index % 28, 1 + index % 5, index));
  } else {
    out->set_url(fmt::format("https://{}/archive/{}/{}.html", host, options_.run_id, url_index));
    std::string body;
    body.reserve((1 << 20) + 8192);
    for (uint64_t part = 0; body.size() < (1 << 20); ++part) {
      body += MakeJapaneseText(index * 1000 + part).text;
      body += '\n';
    }
    out->set_body(std::move(body));
  }
  return out->body().size();
}

}  // namespace newsflow::bench
