#pragma once

#include <vector>

#include "newsflow/entities/entity.h"

namespace newsflow::entities::internal {

/// Within one document, a person named in full is later called by one part of the name:
/// "Vladimir Putin" ... "Putin", "金正恩" ... "金", "ウラジーミル・プーチン" ... "プーチン". A
/// person mention that the alias table did not resolve (`resolved[i]` false) and whose surface
/// is such a part of another person's name in the document takes that person's canonical name
/// and id: the only such person, or, when several fit, the one whose full name comes last
/// before the short form (by `begin`); with none before it, an ambiguous short form stays as
/// it is. Written here because it is document-level coreference over our own
/// mentions, which no tokenizer or NER library does for us.
void LinkShortForms(std::vector<EntityMention>& mentions, const std::vector<bool>& resolved);

}  // namespace newsflow::entities::internal
