#include "sequence_model.h"

#include <sys/mman.h>

#include <algorithm>
#include <cassert>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <numeric>

#include <absl/status/status.h>
#include <absl/strings/str_cat.h>

#include "text_util.h"

namespace newsflow::entities::internal {
namespace {

constexpr char kMagic[8] = {'N', 'F', 'N', 'E', 'R', 'M', 'D', 'L'};
constexpr uint32_t kVersion = 1;
constexpr uint32_t kMinHashBits = 8;
constexpr uint32_t kMaxHashBits = 24;
constexpr size_t kMaxTags = 64;

// splitmix64: a tiny generator whose sequence is fixed by its seed on every platform, unlike
// the distributions of <random>.
uint64_t NextRandom(uint64_t& state) {
  uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

class Writer {
 public:
  void U32(uint32_t v) { Raw(&v, sizeof v); }
  void U64(uint64_t v) { Raw(&v, sizeof v); }
  void F32(float v) { Raw(&v, sizeof v); }
  void Str(std::string_view s) {
    U32(static_cast<uint32_t>(s.size()));
    out_.append(s);
  }
  void Varint(uint64_t v) {
    while (v >= 0x80) {
      out_.push_back(static_cast<char>((v & 0x7f) | 0x80));
      v >>= 7;
    }
    out_.push_back(static_cast<char>(v));
  }
  void Raw(const void* data, size_t size) { out_.append(static_cast<const char*>(data), size); }
  std::string& out() { return out_; }

 private:
  std::string out_;
};

class Reader {
 public:
  explicit Reader(std::string_view in) : in_(in) {}
  bool U32(uint32_t& v) { return Raw(&v, sizeof v); }
  bool U64(uint64_t& v) { return Raw(&v, sizeof v); }
  bool F32(float& v) { return Raw(&v, sizeof v); }
  bool Str(std::string& s, size_t max_size) {
    uint32_t size = 0;
    if (!U32(size) || size > max_size || size > in_.size() - pos_) return false;
    s.assign(in_.substr(pos_, size));
    pos_ += size;
    return true;
  }
  bool Varint(uint64_t& v) {
    v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (pos_ >= in_.size()) return false;
      const auto byte = static_cast<uint8_t>(in_[pos_++]);
      v |= static_cast<uint64_t>(byte & 0x7f) << shift;
      if ((byte & 0x80) == 0) return true;
    }
    return false;
  }
  bool Raw(void* data, size_t size) {
    if (size > in_.size() - pos_) return false;
    std::memcpy(data, in_.data() + pos_, size);
    pos_ += size;
    return true;
  }
  size_t pos() const { return pos_; }

 private:
  std::string_view in_;
  size_t pos_ = 0;
};

}  // namespace

SequenceModel::SequenceModel(std::vector<std::string> tags, uint32_t hash_bits)
    : tags_(std::move(tags)),
      hash_bits_(hash_bits),
      mask_((uint64_t{1} << hash_bits) - 1),
      weights_((size_t{1} << hash_bits) * tags_.size(), 0.0f),
      transitions_((tags_.size() + 1) * tags_.size(), 0.0f) {
  ComputeAllowed();
}

void SequenceModel::ComputeAllowed() {
  const size_t k = num_tags();
  auto prefix = [&](size_t tag) { return tags_[tag].substr(0, 2); };
  auto type = [&](size_t tag) { return std::string_view(tags_[tag]).substr(2); };
  // BIOES when any E- tag exists: B-X and I-X must continue with I-X or E-X, and I-X / E-X
  // only continue B-X or I-X. Plain BIO: I-X only after B-X or I-X.
  bool bioes = false;
  for (size_t t = 0; t < k; ++t) bioes = bioes || prefix(t) == "E-";
  allowed_.assign((k + 1) * k, 1);
  allowed_end_.assign(k, 1);
  for (size_t prev = 0; prev <= k; ++prev) {
    const bool open = prev > 0 && (prefix(prev - 1) == "B-" || prefix(prev - 1) == "I-");
    for (size_t tag = 0; tag < k; ++tag) {
      const bool continues = prefix(tag) == "I-" || (bioes && prefix(tag) == "E-");
      bool ok;
      if (continues) {
        ok = open && type(prev - 1) == type(tag);
      } else {
        ok = !(bioes && open);
      }
      allowed_[prev * k + tag] = ok ? 1 : 0;
    }
  }
  if (bioes) {
    for (size_t tag = 0; tag < k; ++tag) {
      allowed_end_[tag] = prefix(tag) == "B-" || prefix(tag) == "I-" ? 0 : 1;
    }
  }
}

void SequenceModel::BuildPredecessors() {
  const size_t k = num_tags();
  predecessors_.clear();
  predecessor_begin_.assign(k + 1, 0);
  for (size_t t = 0; t < k; ++t) {
    predecessor_begin_[t] = static_cast<uint32_t>(predecessors_.size());
    for (size_t p = 0; p < k; ++p) {
      const size_t cell = (p + 1) * k + t;
      if (allowed_[cell]) {
        predecessors_.push_back({static_cast<uint16_t>(p), transitions_[cell]});
      }
    }
  }
  predecessor_begin_[k] = static_cast<uint32_t>(predecessors_.size());
  dense_transitions_.clear();
  if (k <= kViterbiLanes) {
    dense_transitions_.assign(k * kViterbiLanes, -std::numeric_limits<float>::infinity());
    for (size_t p = 0; p < k; ++p) {
      for (size_t t = 0; t < k; ++t) {
        const size_t cell = (p + 1) * k + t;
        if (allowed_[cell]) dense_transitions_[p * kViterbiLanes + t] = transitions_[cell];
      }
    }
  }
}

void SequenceModel::Backtrack(const float* last_scores, const uint16_t* back, size_t n,
                              uint16_t* out) const {
  const size_t k = num_tags();
  uint16_t tag = 0;
  float best = -std::numeric_limits<float>::infinity();
  for (size_t t = 0; t < k; ++t) {
    if (allowed_end_[t] && last_scores[t] > best) {
      best = last_scores[t];
      tag = static_cast<uint16_t>(t);
    }
  }
  for (size_t i = n; i-- > 0;) {
    out[i] = tag;
    tag = back[i * k + tag];
  }
}

void SequenceModel::ViterbiDense(const float* emissions, size_t n, uint16_t* out) const {
  const size_t k = num_tags();
  constexpr float kNegInf = -std::numeric_limits<float>::infinity();
  constexpr size_t kLanes = 4;  // 16-byte vectors, the baseline x86-64 and ARM width
  constexpr size_t kVectors = kViterbiLanes / kLanes;
  using Vector = float __attribute__((vector_size(kLanes * sizeof(float))));
  using Mask = int32_t __attribute__((vector_size(kLanes * sizeof(int32_t))));
  thread_local std::vector<uint16_t> back_buffer;
  back_buffer.resize(n * k);
  uint16_t* const back = back_buffer.data();
  alignas(16) float previous[kViterbiLanes];
  alignas(16) float scores[kViterbiLanes];
  for (size_t t = 0; t < kViterbiLanes; ++t) {
    scores[t] = t < k && allowed_[t] ? transitions_[t] + emissions[t] : kNegInf;
  }
  std::fill_n(back, k, uint16_t{0});
  const auto* transitions = reinterpret_cast<const Vector*>(dense_transitions_.data());
  for (size_t i = 1; i < n; ++i) {
    std::copy_n(scores, kViterbiLanes, previous);
    // Per tag, the predecessors in increasing order with a strict comparison, as the scalar
    // loop over the allowed ones: a disallowed one scores -inf and never wins.
    Vector best[kVectors];
    Mask arg[kVectors];
    for (size_t v = 0; v < kVectors; ++v) {
      best[v] = Vector{} + kNegInf;
      arg[v] = Mask{};
    }
    for (size_t p = 0; p < k; ++p) {
      const Vector from = Vector{} + previous[p];
      const Mask tag = Mask{} + static_cast<int32_t>(p);
#pragma GCC unroll 4  // kVectors: the bests and arguments stay in registers
      for (size_t v = 0; v < kVectors; ++v) {
        const Vector s = from + transitions[p * kVectors + v];
        const Mask better = s > best[v];
        best[v] = better ? s : best[v];
        arg[v] = better ? tag : arg[v];
      }
    }
    alignas(16) int32_t args[kViterbiLanes];
    std::memcpy(scores, best, sizeof scores);
    std::memcpy(args, arg, sizeof args);
    for (size_t t = 0; t < k; ++t) {
      scores[t] += emissions[i * k + t];
      back[i * k + t] = static_cast<uint16_t>(args[t]);
    }
  }
  Backtrack(scores, back, n, out);
}

void SequenceModel::Viterbi(const float* emissions, size_t n, uint16_t* out) const {
  const size_t k = num_tags();
  constexpr float kNegInf = -std::numeric_limits<float>::infinity();
  // Only the scores of the previous position are needed; the back pointers of all of them.
  thread_local std::vector<float> score_rows;
  thread_local std::vector<uint16_t> back_buffer;
  score_rows.resize(2 * k);
  back_buffer.resize(n * k);
  float* scores = score_rows.data();
  float* previous = scores + k;
  uint16_t* const back = back_buffer.data();
  for (size_t t = 0; t < k; ++t) {
    scores[t] = allowed_[t] ? transitions_[t] + emissions[t] : kNegInf;
    back[t] = 0;
  }
  const bool listed = !predecessor_begin_.empty();
  for (size_t i = 1; i < n; ++i) {
    std::swap(scores, previous);
    if (!listed) {  // training: the transitions change between calls
      for (size_t t = 0; t < k; ++t) {
        float best = kNegInf;
        uint16_t arg = 0;
        for (size_t p = 0; p < k; ++p) {
          const size_t cell = (p + 1) * k + t;
          if (!allowed_[cell]) continue;
          const float s = previous[p] + transitions_[cell];
          if (s > best) {
            best = s;
            arg = static_cast<uint16_t>(p);
          }
        }
        scores[t] = best + emissions[i * k + t];
        back[i * k + t] = arg;
      }
      continue;
    }
    for (size_t t = 0; t < k; ++t) {
      float best = kNegInf;
      uint16_t arg = 0;
      // Only the allowed predecessors, in increasing order as a full scan would visit them.
      for (uint32_t e = predecessor_begin_[t]; e < predecessor_begin_[t + 1]; ++e) {
        const Predecessor& pred = predecessors_[e];
        const float s = previous[pred.tag] + pred.transition;
        if (s > best) {
          best = s;
          arg = pred.tag;
        }
      }
      scores[t] = best + emissions[i * k + t];
      back[i * k + t] = arg;
    }
  }
  Backtrack(scores, back, n, out);
}

namespace {

// The weight table (megabytes) does not fit in cache and every feature reads a random row, so
// the loads are issued this many features early: about a position and a half of Japanese
// features. A row takes a few cycles to add once it is in cache, so 24 ahead left most of a
// memory access still to wait for (emission sums were ~12% of a Japanese article's CPU, ~10%
// with 64; 128 was no better).
constexpr size_t kPrefetchAhead = 64;
constexpr size_t kCacheLine = 64;
constexpr size_t kHugePage = size_t{2} << 20;  // x86-64 and the usual ARM64 configuration

}  // namespace

void SequenceModel::BuildDecodeRows() {
  const size_t k = num_tags();
  decode_stride_ = k <= 8 ? 8 : k <= 16 ? 16 : 0;
  if (decode_stride_ == 0) return;
  const size_t rows = size_t{1} << hash_bits_;
  const size_t bytes = rows * decode_stride_ * sizeof(float);  // a multiple of kCacheLine
  // Every feature reads a random row, so with 4 KB pages nearly every read also misses the
  // TLB; 2 MB pages cover the table with a few entries. Where transparent huge pages are only
  // given on request (the usual "madvise" setting), the table asks for them; it is aligned to
  // the huge page size so that all of it can be. Without them it still works, only slower.
  const size_t alignment = bytes >= kHugePage ? kHugePage : kCacheLine;
  auto* table = static_cast<float*>(std::aligned_alloc(alignment, bytes));
  assert(table != nullptr);
#ifdef MADV_HUGEPAGE
  if (alignment == kHugePage) madvise(table, bytes, MADV_HUGEPAGE);
#endif
  std::fill_n(table, rows * decode_stride_, 0.0f);
  for (size_t r = 0; r < rows; ++r) std::copy_n(&weights_[r * k], k, table + r * decode_stride_);
  decode_rows_ = std::shared_ptr<const float[]>(
      table, [](const float* p) { std::free(const_cast<float*>(p)); });
}

template <size_t kStride>
void SequenceModel::EmissionsFromDecodeRows(const FeatureSequence& sequence,
                                            float* emissions) const {
  const size_t n = sequence.size();
  const size_t k = num_tags();
  const uint64_t* features = sequence.features.data();
  const size_t total = sequence.features.size();
  const float* base = decode_rows_.get();
  for (size_t f = 0; f < std::min(total, kPrefetchAhead); ++f) {
    __builtin_prefetch(base + static_cast<size_t>(Row(features[f])) * kStride);
  }
  constexpr size_t kLanes = 4;  // floats per 16-byte vector, the baseline x86-64 and ARM width
  constexpr size_t kVectors = kStride / kLanes;
  using Vector = float __attribute__((vector_size(kLanes * sizeof(float))));
  for (size_t i = 0; i < n; ++i) {
    // Per tag the sum runs over the features in the same order as EmissionsFromWeights, so
    // the scores are bit-identical; the padding columns are zero and dropped. The partial sums
    // stay in registers (a sum array in memory made each feature wait for the previous store).
    Vector sum[kVectors] = {};
    for (uint32_t f = sequence.offsets[i]; f < sequence.offsets[i + 1]; ++f) {
      if (f + kPrefetchAhead < total) {
        __builtin_prefetch(base + static_cast<size_t>(Row(features[f + kPrefetchAhead])) * kStride);
      }
      const auto* row =
          reinterpret_cast<const Vector*>(base + static_cast<size_t>(Row(features[f])) * kStride);
#pragma GCC unroll 4  // kVectors: the sums stay in registers
      for (size_t v = 0; v < kVectors; ++v) sum[v] += row[v];
    }
    alignas(kCacheLine) float lanes[kStride];
    std::memcpy(lanes, sum, sizeof lanes);
    std::copy_n(lanes, k, emissions + i * k);
  }
}

void SequenceModel::EmissionsFromWeights(const FeatureSequence& sequence, float* emissions) const {
  const size_t n = sequence.size();
  const size_t k = num_tags();
  for (size_t i = 0; i < n; ++i) {
    float* row_out = &emissions[i * k];
    for (uint32_t f = sequence.offsets[i]; f < sequence.offsets[i + 1]; ++f) {
      const float* row = &weights_[static_cast<size_t>(Row(sequence.features[f])) * k];
      for (size_t t = 0; t < k; ++t) row_out[t] += row[t];
    }
  }
}

template <size_t kStride>
void SequenceModel::AddValuedEmissionsFromDecodeRows(const FeatureSequence& sequence,
                                                     float* emissions) const {
  const size_t k = num_tags();
  const float* base = decode_rows_.get();
  constexpr size_t kLanes = 4;
  constexpr size_t kVectors = kStride / kLanes;
  using Vector = float __attribute__((vector_size(kLanes * sizeof(float))));
  for (size_t i = 0; i < sequence.size(); ++i) {
    Vector sum[kVectors] = {};
    for (uint32_t f = sequence.valued_offsets[i]; f < sequence.valued_offsets[i + 1]; ++f) {
      const auto* row = reinterpret_cast<const Vector*>(
          base + static_cast<size_t>(Row(sequence.valued_features[f])) * kStride);
      const float value = sequence.values[f];
#pragma GCC unroll 4
      for (size_t v = 0; v < kVectors; ++v) sum[v] += row[v] * value;
    }
    alignas(kCacheLine) float lanes[kStride];
    std::memcpy(lanes, sum, sizeof lanes);
    for (size_t t = 0; t < k; ++t) emissions[i * k + t] += lanes[t];
  }
}

void SequenceModel::AddValuedEmissions(const FeatureSequence& sequence, float* emissions) const {
  if (decode_stride_ == 16) return AddValuedEmissionsFromDecodeRows<16>(sequence, emissions);
  if (decode_stride_ == 8) return AddValuedEmissionsFromDecodeRows<8>(sequence, emissions);
  // Summed apart and then added, as the decode-row path does, so the scores are bit-identical.
  const size_t k = num_tags();
  std::vector<float> sum(k);
  for (size_t i = 0; i < sequence.size(); ++i) {
    std::fill(sum.begin(), sum.end(), 0.0f);
    for (uint32_t f = sequence.valued_offsets[i]; f < sequence.valued_offsets[i + 1]; ++f) {
      const float* row = &weights_[static_cast<size_t>(Row(sequence.valued_features[f])) * k];
      const float value = sequence.values[f];
      for (size_t t = 0; t < k; ++t) sum[t] += row[t] * value;
    }
    for (size_t t = 0; t < k; ++t) emissions[i * k + t] += sum[t];
  }
}

std::vector<uint16_t> SequenceModel::Decode(const FeatureSequence& sequence) const {
  const size_t n = sequence.size();
  const size_t k = num_tags();
  std::vector<uint16_t> out(n, 0);
  if (n == 0) return out;
  // Reused per thread: an article's emissions are tens of kilobytes, and a fresh allocation
  // of that size costs page faults on every call.
  thread_local std::vector<float> emissions;
  emissions.assign(n * k, 0.0f);
  if (decode_stride_ == 16) {
    EmissionsFromDecodeRows<16>(sequence, emissions.data());
  } else if (decode_stride_ == 8) {
    EmissionsFromDecodeRows<8>(sequence, emissions.data());
  } else {
    EmissionsFromWeights(sequence, emissions.data());
  }
  if (!sequence.valued_features.empty()) AddValuedEmissions(sequence, emissions.data());
  if (!dense_transitions_.empty()) {
    ViterbiDense(emissions.data(), n, out.data());
  } else {
    Viterbi(emissions.data(), n, out.data());
  }
  return out;
}

std::string SequenceModel::Serialize(std::string_view language) const {
  Writer w;
  w.Raw(kMagic, sizeof kMagic);
  w.U32(kVersion);
  w.Str(language);
  w.U32(hash_bits_);
  w.U32(static_cast<uint32_t>(tags_.size()));
  for (const std::string& tag : tags_) w.Str(tag);
  for (float t : transitions_) w.F32(t);
  // Emission weights: 16-bit quantized against the largest magnitude; zeros are skipped and
  // the rest stored as (index delta, zigzag value) varints.
  float max_abs = 0.0f;
  for (float v : weights_) max_abs = std::max(max_abs, std::fabs(v));
  const float scale = max_abs > 0.0f ? max_abs / 32767.0f : 1.0f;
  w.F32(scale);
  std::vector<std::pair<uint64_t, int32_t>> entries;
  for (size_t i = 0; i < weights_.size(); ++i) {
    const auto q = static_cast<int32_t>(std::lround(weights_[i] / scale));
    if (q != 0) entries.emplace_back(i, q);
  }
  w.U64(entries.size());
  uint64_t previous = 0;
  for (const auto& [index, q] : entries) {
    w.Varint(index - previous);
    previous = index;
    w.Varint((static_cast<uint32_t>(q) << 1) ^ static_cast<uint32_t>(q >> 31));
  }
  w.U64(Fnv1a64(w.out()));
  return std::move(w.out());
}

absl::StatusOr<SequenceModel> SequenceModel::Parse(std::string_view bytes, std::string_view name,
                                                   std::string* language) {
  auto invalid = [&](std::string_view why) {
    return absl::InvalidArgumentError(
        absl::StrCat("entities: model ", std::string(name), ": ", std::string(why)));
  };
  if (bytes.size() < sizeof kMagic + 8 || std::memcmp(bytes.data(), kMagic, sizeof kMagic) != 0) {
    return invalid("not a newsflow NER model (bad magic)");
  }
  uint64_t checksum = 0;
  std::memcpy(&checksum, bytes.data() + bytes.size() - 8, 8);
  if (Fnv1a64(bytes.substr(0, bytes.size() - 8)) != checksum) {
    return invalid("checksum mismatch (truncated or corrupt file)");
  }
  Reader r(bytes.substr(0, bytes.size() - 8));
  char magic[sizeof kMagic];
  uint32_t version = 0;
  uint32_t hash_bits = 0;
  uint32_t num_tags = 0;
  std::string lang;
  if (!r.Raw(magic, sizeof magic) || !r.U32(version)) return invalid("truncated header");
  if (version != kVersion) return invalid(absl::StrCat("unsupported version ", version));
  if (!r.Str(lang, 16) || !r.U32(hash_bits) || !r.U32(num_tags)) {
    return invalid("truncated header");
  }
  if (hash_bits < kMinHashBits || hash_bits > kMaxHashBits) return invalid("bad hash size");
  if (num_tags < 1 || num_tags > kMaxTags) return invalid("bad tag count");
  std::vector<std::string> tags(num_tags);
  for (std::string& tag : tags) {
    if (!r.Str(tag, 64)) return invalid("truncated tag list");
  }
  if (tags[0] != "O") return invalid("first tag is not O");
  SequenceModel model(std::move(tags), hash_bits);
  for (float& t : model.transitions_) {
    if (!r.F32(t)) return invalid("truncated transitions");
  }
  float scale = 0.0f;
  uint64_t count = 0;
  if (!r.F32(scale) || !r.U64(count)) return invalid("truncated weights");
  if (count > model.weights_.size()) return invalid("bad weight count");
  uint64_t index = 0;
  for (uint64_t e = 0; e < count; ++e) {
    uint64_t delta = 0;
    uint64_t zigzag = 0;
    if (!r.Varint(delta) || !r.Varint(zigzag)) return invalid("truncated weights");
    index += delta;
    if (index >= model.weights_.size()) return invalid("weight index out of range");
    const auto q = static_cast<int64_t>(zigzag >> 1) ^ -static_cast<int64_t>(zigzag & 1);
    model.weights_[index] = static_cast<float>(q) * scale;
  }
  if (language != nullptr) *language = std::move(lang);
  model.BuildDecodeRows();
  model.BuildPredecessors();
  return model;
}

SequenceModel SequenceModel::Average(const std::vector<SequenceModel>& models) {
  SequenceModel mean(models.front().tags_, models.front().hash_bits_);
  const auto n = static_cast<float>(models.size());
  for (const SequenceModel& model : models) {
    assert(model.weights_.size() == mean.weights_.size());
    for (size_t i = 0; i < mean.weights_.size(); ++i) mean.weights_[i] += model.weights_[i] / n;
    for (size_t i = 0; i < mean.transitions_.size(); ++i) {
      mean.transitions_[i] += model.transitions_[i] / n;
    }
  }
  return mean;
}

SequenceModel SequenceModel::Train(std::vector<std::string> tags, uint32_t hash_bits,
                                   const std::vector<FeatureSequence>& sequences,
                                   const std::vector<std::vector<uint16_t>>& gold, int epochs,
                                   uint64_t seed, const EpochCallback& on_epoch) {
  SequenceModel model(std::move(tags), hash_bits);
  const size_t k = model.num_tags();
  // Averaged perceptron with the usual lazy trick: the sums accumulate c * update, and the
  // average is w - sum / c.
  std::vector<double> weight_sums(model.weights_.size(), 0.0);
  std::vector<double> transition_sums(model.transitions_.size(), 0.0);
  std::vector<size_t> order(sequences.size());
  std::iota(order.begin(), order.end(), size_t{0});
  uint64_t rng = seed;
  double c = 1.0;
  for (int epoch = 0; epoch < epochs; ++epoch) {
    for (size_t i = order.size(); i > 1; --i) {
      std::swap(order[i - 1], order[NextRandom(rng) % i]);
    }
    for (size_t index : order) {
      const FeatureSequence& seq = sequences[index];
      const std::vector<uint16_t>& truth = gold[index];
      const std::vector<uint16_t> predicted = model.Decode(seq);
      if (predicted != truth) {
        for (size_t i = 0; i < seq.size(); ++i) {
          const size_t g = truth[i];
          const size_t p = predicted[i];
          if (g != p) {
            for (uint32_t f = seq.offsets[i]; f < seq.offsets[i + 1]; ++f) {
              const size_t row = static_cast<size_t>(model.Row(seq.features[f])) * k;
              model.weights_[row + g] += 1.0f;
              weight_sums[row + g] += c;
              model.weights_[row + p] -= 1.0f;
              weight_sums[row + p] -= c;
            }
            for (uint32_t f = seq.valued_offsets[i]; f < seq.valued_offsets[i + 1]; ++f) {
              const size_t row = static_cast<size_t>(model.Row(seq.valued_features[f])) * k;
              const float value = seq.values[f];
              model.weights_[row + g] += value;
              weight_sums[row + g] += c * value;
              model.weights_[row + p] -= value;
              weight_sums[row + p] -= c * value;
            }
          }
          const size_t gp = i == 0 ? 0 : truth[i - 1] + 1;
          const size_t pp = i == 0 ? 0 : predicted[i - 1] + 1;
          if (gp != pp || g != p) {
            model.transitions_[gp * k + g] += 1.0f;
            transition_sums[gp * k + g] += c;
            model.transitions_[pp * k + p] -= 1.0f;
            transition_sums[pp * k + p] -= c;
          }
        }
      }
      c += 1.0;
    }
    if (on_epoch) on_epoch(epoch + 1, AveragedCopy(model, weight_sums, transition_sums, c));
  }
  return AveragedCopy(model, weight_sums, transition_sums, c);
}

SequenceModel SequenceModel::AveragedCopy(const SequenceModel& model,
                                          const std::vector<double>& weight_sums,
                                          const std::vector<double>& transition_sums, double c) {
  SequenceModel averaged = model;
  for (size_t i = 0; i < averaged.weights_.size(); ++i)
    averaged.weights_[i] -= static_cast<float>(weight_sums[i] / c);
  for (size_t i = 0; i < averaged.transitions_.size(); ++i) {
    averaged.transitions_[i] -= static_cast<float>(transition_sums[i] / c);
  }
  return averaged;
}

}  // namespace newsflow::entities::internal
