#include "app/long_polls.h"

#include <algorithm>
#include <atomic>

namespace berth::app {

struct LongPolls::Pending {
  std::atomic<bool> answered{false};
  Respond respond;
  Answer early;
  void answer(Response r) {
    if (!answered.exchange(true)) respond(std::move(r));
  }
};

LongPolls::Respond LongPolls::track(Respond respond, Answer early) {
  auto pending = std::make_shared<Pending>();
  pending->respond = std::move(respond);
  pending->early = std::move(early);
  {
    std::lock_guard lock(mutex_);
    std::erase_if(pending_, [](const auto& w) { return w.expired(); });
    pending_.push_back(pending);
  }
  return [pending](Response r) { pending->answer(std::move(r)); };
}

void LongPolls::answer_all() {
  std::vector<std::shared_ptr<Pending>> waiting;
  {
    std::lock_guard lock(mutex_);
    closing_ = true;
    for (auto& w : pending_)
      if (auto p = w.lock()) waiting.push_back(std::move(p));
    pending_.clear();
  }
  for (auto& p : waiting) p->answer(p->early());
}

bool LongPolls::closing() const {
  std::lock_guard lock(mutex_);
  return closing_;
}

}  // namespace berth::app
