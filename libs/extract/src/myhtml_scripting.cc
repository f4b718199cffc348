#include "myhtml_scripting.h"

#include <myhtml/tree.h>

namespace newsflow::extract::internal {

void EnableScripting(myhtml_tree* tree) {
  tree->flags = static_cast<myhtml_tree_flags>(tree->flags | MyHTML_TREE_FLAGS_SCRIPT);
}

}  // namespace newsflow::extract::internal
