#include "record_serializer.h"

#include <random>
#include <string>

#include <google/protobuf/descriptor.h>
#include <gtest/gtest.h>

namespace newsflow::ingest {
namespace {

// A string of `length` bytes: ASCII, or Japanese (three bytes a character) when `japanese`.
std::string Text(std::mt19937& rng, size_t length, bool japanese) {
  std::string text;
  while (text.size() < length) {
    if (japanese) {
      const char32_t c = 0x3041 + rng() % 0x5000;  // kana through CJK
      text += static_cast<char>(0xE0 | (c >> 12));
      text += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
      text += static_cast<char>(0x80 | (c & 0x3F));
    } else {
      text += static_cast<char>('a' + rng() % 26);
    }
  }
  return text;
}

TEST(RecordSerializerTest, SameBytesAsProtobufForAnyCombinationOfFields) {
  std::mt19937 rng(7);
  for (int i = 0; i < 2000; ++i) {
    // Each field present or absent (proto3: empty is absent), sizes across the one-, two- and
    // three-byte length prefixes.
    auto maybe = [&](size_t max_length) {
      return rng() % 3 == 0 ? std::string() : Text(rng, rng() % max_length, rng() % 2 == 0);
    };
    v1::NormalizedArticle article;
    article.set_article_id(maybe(40));
    article.set_url(maybe(300));
    article.set_canonical_url(maybe(300));
    article.set_host(maybe(30));
    article.set_registrable_domain(maybe(30));
    article.set_title(maybe(200));
    article.set_text(maybe(i % 10 == 0 ? 40'000 : 5'000));
    if (rng() % 2) article.set_text_length(static_cast<uint32_t>(rng()));
    article.set_content_hash(maybe(70));
    if (rng() % 2) article.set_simhash((uint64_t{rng()} << 32) | rng());
    article.set_near_duplicate_of(maybe(40));
    article.set_source_charset(maybe(10));
    if (rng() % 2) article.set_content_type(v1::CONTENT_TYPE_HTML);
    if (rng() % 2) article.mutable_crawl_time()->set_seconds(rng());
    if (rng() % 2) article.mutable_ingest_time()->set_nanos(static_cast<int32_t>(rng() % 1000));
    if (rng() % 2) {
      article.mutable_metadata()->add_authors(maybe(20));
      article.mutable_metadata()->set_description(maybe(300));
    }
    article.set_source_hint(maybe(20));

    const v1::NormalizedArticle before = article;
    ASSERT_EQ(SerializeNormalizedArticle(article), article.SerializeAsString()) << "case " << i;
    EXPECT_EQ(article.SerializeAsString(), before.SerializeAsString()) << "left unchanged";
  }
}

TEST(RecordSerializerTest, TextFollowsExactlyTheSixStringsTheSplicePointCounts) {
  // The splice point is computed from fields 1-6, all strings; a new field numbered below
  // `text` or a change of their types would move it.
  const google::protobuf::Descriptor* descriptor = v1::NormalizedArticle::descriptor();
  for (int i = 0; i < descriptor->field_count(); ++i) {
    const google::protobuf::FieldDescriptor* field = descriptor->field(i);
    if (field->number() > v1::NormalizedArticle::kTextFieldNumber) continue;
    EXPECT_EQ(field->type(), google::protobuf::FieldDescriptor::TYPE_STRING) << field->name();
    EXPECT_FALSE(field->is_repeated()) << field->name();
    EXPECT_FALSE(field->has_presence()) << field->name();
  }
  const int before_text = v1::NormalizedArticle::kTextFieldNumber - 1;
  int counted = 0;
  for (int i = 0; i < descriptor->field_count(); ++i) {
    if (descriptor->field(i)->number() < v1::NormalizedArticle::kTextFieldNumber) ++counted;
  }
  EXPECT_EQ(counted, before_text);
}

}  // namespace
}  // namespace newsflow::ingest
