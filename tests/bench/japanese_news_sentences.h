// Hand-written Japanese news sentences with people, organizations and places, shared by the NER
// benchmarks so that sentence and article figures measure the same text.
#pragma once

#include <string>
#include <vector>

namespace newsflow::bench {

inline const std::vector<std::string>& JapaneseNewsSentences() {
  static const std::vector<std::string> sentences = {
      "ロシアのプーチン大統領は19日、北朝鮮の金正恩総書記と平壌で会談した。",
      "トヨタ自動車は東京都内で記者会見を開き、新型車の販売計画を発表した。",
      "岸田文雄首相は国会で、防衛費の増額について野党の質問に答えた。",
      "ベトナムの首都ハノイで開かれた会議には、日本や米国の代表団も参加した。",
      "ソフトバンクグループの孫正義会長は、人工知能への投資を拡大すると述べた。",
      "大阪府の吉村洋文知事は、万博の会場建設が予定通り進んでいると説明した。",
      "国連安全保障理事会は、ウクライナ情勢をめぐる緊急会合をニューヨークで開いた。",
      "京都大学の研究チームは、新しい治療法の臨床試験を始めると発表した。"};
  return sentences;
}

}  // namespace newsflow::bench
