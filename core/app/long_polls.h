#pragma once
// Long polls in progress, so that shutdown can answer them at once instead of letting each hold
// the drain until its deadline. Each answer is given once, whoever comes first.
#include <berth/response.h>

#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace berth::app {

// The longest `wait` a long poll (jobs, logs) may ask for, in seconds.
inline constexpr int kMaxLongPollSeconds = 60;

class LongPolls {
 public:
  using Respond = std::function<void(Response)>;
  using Answer = std::function<Response()>;  // what to send when answered early

  // Wraps `respond` so that it runs once; the wrapper is what the waiter calls.
  Respond track(Respond respond, Answer early);
  // Answers every poll still waiting, and every later one at once.
  void answer_all();
  bool closing() const;

 private:
  struct Pending;
  mutable std::mutex mutex_;
  std::vector<std::weak_ptr<Pending>> pending_;
  bool closing_ = false;
};

}  // namespace berth::app
