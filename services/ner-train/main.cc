// newsflow-ner-train: trains a named-entity model for the Recognizer from labelled JSON Lines
// ({"id", "text", "entities": [{"start", "end", "type"}], "curid" | "source"}), holds part of
// the data out, writes the model and prints held-out precision, recall and F1 per type.
//
// Held-out part: with --holdout-sources, every record of those sources (measures text from a
// source not trained on); otherwise records whose --group-field value hashes (FNV-1a 64) to a
// value below --holdout-percent modulo 100, so one Wikipedia article never lands on both sides.
//
// Development part (--dev-percent): carved from the training records by the next hash range
// (or, with --holdout-sources, the lowest one), never from the held-out part. The model is
// trained on the rest for up to --epochs epochs, the epoch count with the best development F1
// is kept, and the final model is trained on all training records (development part included)
// for that many epochs. With --trainer crf the development part chooses instead among the
// --l2 and --l1 values (every pair is trained on the rest and scored), and the final model is
// trained on all training records with the best pair.
#include <chrono>
#include <cstdio>
#include <fstream>
#include <map>
#include <set>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <absl/strings/numbers.h>
#include <absl/strings/str_split.h>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "newsflow/entities/ner_training.h"

namespace {

using newsflow::entities::NerSentence;
using newsflow::entities::NerSpan;

struct Record {
  std::string id;
  std::string group;   ///< --group-field value
  std::string source;  ///< "source" field, if any
  NerSentence sentence;
};

std::vector<std::string> SplitList(const std::string& list) {
  return absl::StrSplit(list, ',', absl::SkipEmpty());
}

uint64_t Fnv1a(std::string_view bytes) {
  uint64_t h = 0xcbf29ce484222325ULL;
  for (unsigned char c : bytes) {
    h ^= c;
    h *= 0x100000001b3ULL;
  }
  return h;
}

bool ReadRecords(const std::string& path, const std::string& group_field,
                 const std::map<std::string, std::string>& type_map, std::vector<Record>& out) {
  std::ifstream in(path);
  if (!in) {
    std::fprintf(stderr, "newsflow-ner-train: cannot read %s\n", path.c_str());
    return false;
  }
  std::string line;
  size_t line_number = 0;
  while (std::getline(in, line)) {
    ++line_number;
    if (line.empty()) continue;
    nlohmann::json j = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
    if (!j.is_object() || !j.contains("text") || !j["text"].is_string()) {
      std::fprintf(stderr, "newsflow-ner-train: %s:%zu: not a record\n", path.c_str(), line_number);
      return false;
    }
    Record r;
    r.id = j.value("id", std::to_string(line_number));
    r.source = j.value("source", "");
    r.group = j.contains(group_field) && j[group_field].is_string()
                  ? j[group_field].get<std::string>()
                  : r.id;
    r.sentence.text = j["text"].get<std::string>();
    for (const nlohmann::json& e : j.value("entities", nlohmann::json::array())) {
      std::string type = e.value("type", "");
      auto mapped = type_map.find(type);
      if (mapped != type_map.end()) type = mapped->second;
      if (type.empty() || type == "O") continue;
      r.sentence.spans.push_back({e.value("start", 0u), e.value("end", 0u), std::move(type)});
    }
    out.push_back(std::move(r));
  }
  return true;
}

struct Counts {
  size_t tp = 0, pred = 0, gold = 0;
};

std::string Prf(const Counts& c) {
  const double p = c.pred ? static_cast<double>(c.tp) / static_cast<double>(c.pred) : 0.0;
  const double r = c.gold ? static_cast<double>(c.tp) / static_cast<double>(c.gold) : 0.0;
  const double f = p + r > 0 ? 2 * p * r / (p + r) : 0.0;
  return fmt::format("P={:.4f} R={:.4f} F1={:.4f} gold={} pred={}", p, r, f, c.gold, c.pred);
}

double F1(const Counts& c) {
  return c.tp == 0 ? 0.0 : 2.0 * static_cast<double>(c.tp) / static_cast<double>(c.pred + c.gold);
}

// Entity-level exact match, per type; "ALL" is micro over `scored` types, where predictions
// exactly on a gold span of an unscored type are ignored (as the eval scorer does).
void Score(const std::vector<const Record*>& records,
           const std::vector<std::vector<NerSpan>>& predicted, const std::set<std::string>& scored,
           std::map<std::string, Counts>& by_type, Counts& all) {
  for (size_t i = 0; i < records.size(); ++i) {
    std::set<std::tuple<uint32_t, uint32_t, std::string>> gold, pred;
    std::set<std::pair<uint32_t, uint32_t>> dont_care;
    for (const NerSpan& s : records[i]->sentence.spans) {
      gold.insert({s.begin, s.end, s.type});
      if (!scored.count(s.type)) dont_care.insert({s.begin, s.end});
    }
    for (const NerSpan& s : predicted[i]) pred.insert({s.begin, s.end, s.type});
    for (const auto& g : gold) {
      ++by_type[std::get<2>(g)].gold;
      if (pred.count(g)) ++by_type[std::get<2>(g)].tp;
      if (scored.count(std::get<2>(g))) {
        ++all.gold;
        if (pred.count(g)) ++all.tp;
      }
    }
    for (const auto& p : pred) {
      ++by_type[std::get<2>(p)].pred;
      if (scored.count(std::get<2>(p)) && !dont_care.count({std::get<0>(p), std::get<1>(p)})) {
        ++all.pred;
      }
    }
  }
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{
      "Trains a newsflow named-entity model (averaged structured perceptron or linear-chain CRF)."};
  std::string input, output, data_dir, language, group_field = "curid", mecab_dicdir;
  std::string types = "PER,ORG,LOC", map_types, holdout_sources, exclude_sources;
  int epochs = 8, holdout_percent = 20, dev_percent = 0;
  uint64_t seed = 1;
  uint32_t hash_bits = 20;
  app.add_option("--input", input, "labelled JSON Lines")->required();
  app.add_option("--output", output, "model file to write (omit to only evaluate)");
  std::string predictions_path;
  app.add_option("--predictions", predictions_path, "write held-out predictions as JSON Lines");
  app.add_option("--data-dir", data_dir, "folder with aliases.tsv")->required();
  app.add_option("--mecab-dicdir", mecab_dicdir, "MeCab dictionary (default: system IPADIC)");
  app.add_option("--language", language, "ja or en")->required();
  app.add_option("--types", types, "comma-separated types to learn (others are O)");
  app.add_option("--map", map_types, "comma-separated SRC=DST type renames (DST O drops)");
  app.add_option("--epochs", epochs);
  app.add_option("--seed", seed);
  app.add_option("--hash-bits", hash_bits);
  int bags = 1;
  app.add_option("--bags", bags, "models trained with consecutive seeds and averaged");
  bool bioes = false;
  app.add_flag("--bioes", bioes, "BIOES tags instead of BIO");
  std::string trainer_name = "perceptron", l2_values = "1", l1_values = "0";
  int max_iterations = 200, threads = 2;
  app.add_option("--trainer", trainer_name, "perceptron or crf")
      ->check(CLI::IsMember({"perceptron", "crf"}));
  app.add_option("--l2", l2_values,
                 "crf: L2 weight; comma-separated values are compared on --dev-percent");
  app.add_option("--l1", l1_values,
                 "crf: L1 weight (OWL-QN); comma-separated values are compared on --dev-percent");
  app.add_option("--max-iterations", max_iterations, "crf: L-BFGS iteration limit")
      ->check(CLI::PositiveNumber);
  app.add_option("--threads", threads, "crf: 1 or 2 (same model bytes)")->check(CLI::Range(1, 2));
  app.add_option("--group-field", group_field, "field whose hash decides the held-out part");
  app.add_option("--holdout-percent", holdout_percent);
  app.add_option("--dev-percent", dev_percent,
                 "training records used to choose the epoch count (0: train --epochs)")
      ->check(CLI::Range(0, 50));
  app.add_option("--holdout-sources", holdout_sources, "comma-separated sources held out");
  app.add_option("--exclude-sources", exclude_sources, "comma-separated sources not used");
  CLI11_PARSE(app, argc, argv);

  const bool crf = trainer_name == "crf";
  std::vector<std::pair<double, double>> regularizations;  // (l2, l1)
  for (const std::string& l2_text : SplitList(l2_values)) {
    for (const std::string& l1_text : SplitList(l1_values)) {
      double l2 = 0, l1 = 0;
      if (!absl::SimpleAtod(l2_text, &l2) || !absl::SimpleAtod(l1_text, &l1) || l2 < 0 || l1 < 0) {
        std::fprintf(stderr, "newsflow-ner-train: --l2 / --l1: '%s' / '%s' is not a weight >= 0\n",
                     l2_text.c_str(), l1_text.c_str());
        return 2;
      }
      regularizations.emplace_back(l2, l1);
    }
  }
  if (crf && regularizations.empty()) {
    std::fprintf(stderr, "newsflow-ner-train: --l2 / --l1: no values\n");
    return 2;
  }
  if (crf && regularizations.size() > 1 && dev_percent == 0) {
    std::fprintf(stderr, "newsflow-ner-train: several --l2 / --l1 values need --dev-percent\n");
    return 2;
  }
  std::map<std::string, std::string> type_map;
  for (const std::string& item : SplitList(map_types)) {
    std::pair<std::string, std::string> kv = absl::StrSplit(item, '=');
    type_map[kv.first] = kv.second;
  }
  std::vector<Record> records;
  if (!ReadRecords(input, group_field, type_map, records)) return 2;
  const std::vector<std::string> held_sources = SplitList(holdout_sources);
  const std::vector<std::string> excluded = SplitList(exclude_sources);
  auto contains = [](const std::vector<std::string>& v, const std::string& s) {
    return std::find(v.begin(), v.end(), s) != v.end();
  };
  std::vector<NerSentence> train, fit;  // fit: train minus the development part
  std::vector<const Record*> held, dev;
  const int dev_begin = held_sources.empty() ? holdout_percent : 0;
  for (const Record& r : records) {
    const int bucket = static_cast<int>(Fnv1a(r.group) % 100);
    const bool held_out =
        !held_sources.empty() ? contains(held_sources, r.source) : bucket < holdout_percent;
    if (held_out) {
      held.push_back(&r);
    } else if (!contains(excluded, r.source)) {
      train.push_back(r.sentence);
      if (bucket >= dev_begin && bucket < dev_begin + dev_percent) {
        dev.push_back(&r);
      } else {
        fit.push_back(r.sentence);
      }
    }
  }
  std::printf("records=%zu train=%zu heldout=%zu\n", records.size(), train.size(), held.size());

  auto trainer =
      newsflow::entities::NerTrainer::Create({.data_dir = data_dir, .mecab_dicdir = mecab_dicdir});
  if (!trainer.ok()) {
    std::fprintf(stderr, "newsflow-ner-train: %s\n", trainer.status().ToString().c_str());
    return 2;
  }
  newsflow::entities::NerTrainOptions options;
  options.language = language;
  options.types = SplitList(types);
  options.epochs = epochs;
  options.seed = seed;
  options.hash_bits = hash_bits;
  options.bags = bags;
  options.bioes = bioes;
  if (crf) {
    options.trainer = newsflow::entities::NerTrainOptions::Trainer::kCrf;
    options.crf_l2 = regularizations.front().first;
    options.crf_l1 = regularizations.front().second;
    options.crf_max_iterations = max_iterations;
    options.crf_threads = threads;
    options.on_iteration = [](int iteration, double objective) {
      if (iteration % 25 == 0)
        std::fprintf(stderr, "iteration=%d objective=%.2f\n", iteration, objective);
    };
  }
  const std::set<std::string> scored = {"PER", "ORG", "LOC"};
  const auto start = std::chrono::steady_clock::now();
  if (!dev.empty() && crf) {
    std::vector<NerSentence> dev_sentences;
    for (const Record* r : dev) dev_sentences.push_back(r->sentence);
    std::printf("fit=%zu dev=%zu\n", fit.size(), dev.size());
    double best_f1 = -1.0;
    for (const auto& [l2, l1] : regularizations) {
      newsflow::entities::NerTrainOptions selection = options;
      selection.crf_l2 = l2;
      selection.crf_l1 = l1;
      newsflow::entities::NerTrainStats fit_stats;
      absl::StatusOr<std::string> model = (*trainer)->Train(fit, selection, &fit_stats);
      if (!model.ok()) {
        std::fprintf(stderr, "newsflow-ner-train: %s\n", model.status().ToString().c_str());
        return 2;
      }
      auto predicted = (*trainer)->Predict(*model, dev_sentences);
      if (!predicted.ok()) {
        std::fprintf(stderr, "newsflow-ner-train: %s\n", predicted.status().ToString().c_str());
        return 2;
      }
      std::map<std::string, Counts> by_type;
      Counts all;
      Score(dev, *predicted, scored, by_type, all);
      std::printf("dev l2=%g l1=%g iterations=%d %s\n", l2, l1, fit_stats.iterations,
                  Prf(all).c_str());
      std::fflush(stdout);
      if (F1(all) > best_f1) {
        best_f1 = F1(all);
        options.crf_l2 = l2;
        options.crf_l1 = l1;
      }
    }
    std::printf("dev best l2=%g l1=%g F1=%.4f\n", options.crf_l2, options.crf_l1, best_f1);
  } else if (!dev.empty()) {
    std::vector<NerSentence> dev_sentences;
    for (const Record* r : dev) dev_sentences.push_back(r->sentence);
    int best_epoch = 1;
    double best_f1 = -1.0;
    newsflow::entities::NerTrainOptions selection = options;
    selection.bags = 1;
    selection.on_epoch = [&](int epoch, const std::string& model) {
      auto predicted = (*trainer)->Predict(model, dev_sentences);
      if (!predicted.ok()) {
        std::fprintf(stderr, "newsflow-ner-train: dev epoch %d: %s\n", epoch,
                     predicted.status().ToString().c_str());
        return;
      }
      std::map<std::string, Counts> by_type;
      Counts all;
      Score(dev, *predicted, scored, by_type, all);
      std::printf("dev epoch=%d %s\n", epoch, Prf(all).c_str());
      std::fflush(stdout);
      if (F1(all) > best_f1) {
        best_f1 = F1(all);
        best_epoch = epoch;
      }
    };
    std::printf("fit=%zu dev=%zu\n", fit.size(), dev.size());
    absl::StatusOr<std::string> ignored = (*trainer)->Train(fit, selection, nullptr);
    if (!ignored.ok()) {
      std::fprintf(stderr, "newsflow-ner-train: %s\n", ignored.status().ToString().c_str());
      return 2;
    }
    std::printf("dev best epoch=%d F1=%.4f\n", best_epoch, best_f1);
    options.epochs = best_epoch;
  }
  newsflow::entities::NerTrainStats stats;
  absl::StatusOr<std::string> model = (*trainer)->Train(train, options, &stats);
  if (!model.ok()) {
    std::fprintf(stderr, "newsflow-ner-train: %s\n", model.status().ToString().c_str());
    return 2;
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf(
      "trained sentences=%zu spans=%zu unaligned=%zu boundary_inside_mecab_token=%zu "
      "seconds=%.1f model_bytes=%zu\n",
      stats.sentences, stats.spans, stats.spans_unaligned, stats.spans_inside_token, seconds,
      model->size());
  if (crf) {
    std::printf("crf l2=%g l1=%g iterations=%d skipped_sentences=%zu\n", options.crf_l2,
                options.crf_l1, stats.iterations, stats.sentences_skipped);
  }
  if (!output.empty()) {
    std::ofstream out(output, std::ios::binary | std::ios::trunc);
    out.write(model->data(), static_cast<std::streamsize>(model->size()));
    if (!out.flush()) {
      std::fprintf(stderr, "newsflow-ner-train: cannot write %s\n", output.c_str());
      return 2;
    }
  }
  if (held.empty()) return 0;
  std::vector<NerSentence> held_sentences;
  for (const Record* r : held) held_sentences.push_back(r->sentence);
  auto predicted = (*trainer)->Predict(*model, held_sentences);
  if (!predicted.ok()) {
    std::fprintf(stderr, "newsflow-ner-train: %s\n", predicted.status().ToString().c_str());
    return 2;
  }
  if (!predictions_path.empty()) {
    std::ofstream out(predictions_path, std::ios::trunc);
    for (size_t i = 0; i < held.size(); ++i) {
      nlohmann::json entities = nlohmann::json::array();
      for (const NerSpan& s : (*predicted)[i]) {
        entities.push_back({{"start", s.begin}, {"end", s.end}, {"type", s.type}});
      }
      out << nlohmann::json({{"id", held[i]->id}, {"entities", entities}}).dump() << '\n';
    }
  }
  std::map<std::string, Counts> by_type;
  Counts all;
  Score(held, *predicted, scored, by_type, all);
  for (const auto& [type, counts] : by_type) {
    std::printf("heldout %-8s %s\n", type.c_str(), Prf(counts).c_str());
  }
  // Per source, when records carry one.
  std::map<std::string, std::vector<size_t>> by_source;
  for (size_t i = 0; i < held.size(); ++i) by_source[held[i]->source].push_back(i);
  if (by_source.size() > 1) {
    for (const auto& [source, indices] : by_source) {
      std::vector<const Record*> part;
      std::vector<std::vector<NerSpan>> part_pred;
      for (size_t i : indices) {
        part.push_back(held[i]);
        part_pred.push_back((*predicted)[i]);
      }
      std::map<std::string, Counts> ignored;
      Counts source_all;
      Score(part, part_pred, scored, ignored, source_all);
      std::printf("heldout source=%s %s\n", source.c_str(), Prf(source_all).c_str());
    }
  }
  std::printf("heldout ALL(PER,ORG,LOC) %s\n", Prf(all).c_str());
  return 0;
}
