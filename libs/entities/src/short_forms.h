#pragma once

#include <vector>

#include "newsflow/entities/entity.h"

namespace newsflow::entities::internal {

/// Within one document, a person named in full is later called by one part of the name:
/// "Vladimir Putin" ... "Putin", "金正恩" ... "金", "ウラジーミル・プーチン" ... "プーチン". A
/// person mention that the alias table did not resolve (`resolved[i]` false) and whose surface
/// is such a part of exactly one other person's name in the document takes that person's
/// canonical name and id. Written here because it is document-level coreference over our own
/// mentions, which no tokenizer or NER library does for us.
void LinkShortForms(std::vector<EntityMention>& mentions, const std::vector<bool>& resolved);

}  // namespace newsflow::entities::internal
