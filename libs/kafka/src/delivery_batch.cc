#include "newsflow/kafka/delivery_batch.h"

#include <utility>
#include <vector>

namespace newsflow::kafka {
namespace {

struct BatchState {
  int depth = 0;
  std::vector<std::function<void()>> deferred;
};

thread_local BatchState batch_state;

}  // namespace

DeliveryBatch::DeliveryBatch() { ++batch_state.depth; }

DeliveryBatch::~DeliveryBatch() {
  if (batch_state.depth > 1) {
    --batch_state.depth;
    return;
  }
  // Still open while the work runs, so work it defers joins this flush; indexes, because the
  // vector grows meanwhile.
  for (size_t i = 0; i < batch_state.deferred.size(); ++i) {
    std::function<void()> work = std::move(batch_state.deferred[i]);
    work();
  }
  batch_state.deferred.clear();
  --batch_state.depth;
}

void DeliveryBatch::Defer(std::function<void()> work) {
  if (batch_state.depth == 0) {
    work();
    return;
  }
  batch_state.deferred.push_back(std::move(work));
}

bool DeliveryBatch::Open() { return batch_state.depth > 0; }

}  // namespace newsflow::kafka
