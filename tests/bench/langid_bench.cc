// Language identification throughput: short news sentences in several languages (items = sentences)
// and a multi-paragraph document.
#include <string>
#include <string_view>
#include <vector>

#include <benchmark/benchmark.h>

#include "newsflow/langid/language_detector.h"

namespace {

constexpr std::string_view kSentences[] = {
    "The central bank raised interest rates for the third time this year.",
    "Die Bundesregierung hat am Mittwoch ein neues Klimaschutzgesetz beschlossen.",
    "Le gouvernement a présenté mercredi un nouveau projet de loi.",
    "El gobierno aprobó ayer una nueva reforma de las pensiones.",
    "O presidente anunciou novas medidas para a economia.",
    "Il governo ha approvato la legge di bilancio.",
    "De regering heeft een nieuw plan voor de woningmarkt.",
    "Regeringen presenterade i dag en ny budget för skolan.",
    "Rząd przyjął nowy plan wsparcia dla rolników.",
    "Hükümet yeni ekonomi paketini açıkladı.",
    "Pemerintah mengumumkan kebijakan baru untuk petani.",
    "Chính phủ công bố gói hỗ trợ kinh tế mới.",
    "Правительство утвердило новый план поддержки экономики.",
    "Уряд ухвалив нову програму підтримки економіки.",
    "政府は臨時閣議で経済対策を決定した。",
    "国务院总理今天主持召开常务会议。",
    "정부는 오늘 새로운 경제 대책을 발표했습니다.",
    "أعلنت الحكومة اليوم عن خطة جديدة لدعم الاقتصاد.",
    "सरकार ने आज नई आर्थिक योजना की घोषणा की।",
    "รัฐบาลประกาศมาตรการกระตุ้นเศรษฐกิจฉบับใหม่",
    "Vi går på bio i kväll.",
    "Nas não sabia.",
};

void BM_DetectLanguageSentences(benchmark::State& state) {
  size_t bytes = 0;
  for (std::string_view s : kSentences) bytes += s.size();
  for (auto _ : state) {
    for (std::string_view s : kSentences) {
      benchmark::DoNotOptimize(newsflow::langid::DetectLanguage(s));
    }
  }
  const auto sentences = static_cast<int64_t>(std::size(kSentences));
  state.SetItemsProcessed(state.iterations() * sentences);
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(bytes));
}
BENCHMARK(BM_DetectLanguageSentences);

std::string MakeDocument() {
  std::string document;
  for (int paragraph = 0; paragraph < 12; ++paragraph) {
    for (int k = 0; k < 4; ++k) {
      // Mostly German with an English quotation paragraph: a realistic mixed article.
      document += paragraph == 5 ? kSentences[0] : kSentences[1];
      document += ' ';
    }
    document += '\n';
  }
  return document;
}

void BM_DetectDocumentLanguage(benchmark::State& state) {
  const std::string document = MakeDocument();
  for (auto _ : state) {
    benchmark::DoNotOptimize(newsflow::langid::DetectDocumentLanguage(document));
  }
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(document.size()));
}
BENCHMARK(BM_DetectDocumentLanguage);

}  // namespace
