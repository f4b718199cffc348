#pragma once

#include <functional>

namespace newsflow::kafka {

/// Delivery callbacks come in batches: the reports one poll of the producer serves (librdkafka
/// hands over the acknowledgements of a whole produce response at once). Work that a callback
/// would do once per record but that can serve several records at a time (say, writing the
/// answers of one stream) can be put off to the end of the batch, which costs no wait: the
/// batch's remaining callbacks run first, then the deferred work, before the next poll.
///
/// A DeliveryBatch opened on a thread collects the work deferred on that thread until it is
/// destroyed; nested batches join the outermost one.
class DeliveryBatch {
 public:
  DeliveryBatch();
  /// Runs the deferred work in the order it was deferred, including work deferred meanwhile.
  ~DeliveryBatch();
  DeliveryBatch(const DeliveryBatch&) = delete;
  DeliveryBatch& operator=(const DeliveryBatch&) = delete;

  /// Runs `work` at the end of the batch open on this thread, or right away when none is.
  static void Defer(std::function<void()> work);

  /// Whether a batch is open on this thread (Defer() would put work off).
  static bool Open();
};

}  // namespace newsflow::kafka
