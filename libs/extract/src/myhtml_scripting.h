#pragma once

// Kept apart from <myhtml/api.h>: the tree's flags are only reachable through myhtml's internal
// headers, which redefine what api.h declares and so cannot share a translation unit with it.
struct myhtml_tree;

namespace newsflow::extract::internal {

/// Makes `tree` (initialised, not yet parsed) parse as a browser with scripting enabled does:
/// the content of <noscript> is raw text instead of markup.
void EnableScripting(myhtml_tree* tree);

}  // namespace newsflow::extract::internal
