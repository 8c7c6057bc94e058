#include "tasks/task_workers.h"

#include <pthread.h>

#include <algorithm>

namespace berth::tasks {

TaskWorkers::TaskWorkers(int threads, std::function<void()> on_idle)
    : size_(std::max(1, threads)), state_(std::make_shared<State>()) {
  state_->on_idle = std::move(on_idle);
  std::lock_guard lock(state_->mu);
  for (int i = 0; i < size_; ++i) spawn_locked();
}

TaskWorkers::~TaskWorkers() {
  stop();
}

void TaskWorkers::spawn_locked() {
  auto slot = std::make_shared<Slot>();
  std::thread t(&TaskWorkers::loop, state_, slot);
  pthread_setname_np(t.native_handle(), "berth-task");
  workers_.push_back({std::move(slot), std::move(t)});
}

std::optional<TaskWorkers::Ticket> TaskWorkers::try_run(std::function<void()> work) {
  Ticket ticket;
  {
    std::lock_guard lock(state_->mu);
    // Work handed off but not yet picked up counts as busy: every accepted item has a worker.
    if (state_->stopping || state_->busy >= size_) return std::nullopt;
    ++state_->busy;
    ticket = state_->next_ticket++;
    state_->handoff.push_back({ticket, std::move(work)});
  }
  state_->ready.notify_one();
  return ticket;
}

void TaskWorkers::abandon(Ticket ticket) {
  std::function<void()> dropped;  // destroyed outside the lock
  std::lock_guard lock(state_->mu);
  auto& handoff = state_->handoff;
  auto queued = std::find_if(handoff.begin(), handoff.end(),
                             [&](const Item& item) { return item.ticket == ticket; });
  if (queued != handoff.end()) {
    dropped = std::move(queued->work);
    handoff.erase(queued);
    --state_->busy;
    return;
  }
  auto it = std::find_if(workers_.begin(), workers_.end(),
                         [&](const Worker& w) { return w.slot->current == ticket; });
  if (it == workers_.end()) return;
  it->slot->abandoned = true;
  it->thread.detach();
  workers_.erase(it);
  --state_->busy;
  ++abandoned_;
  if (!state_->stopping) spawn_locked();
}

void TaskWorkers::stop() {
  std::vector<Worker> workers;
  {
    std::lock_guard lock(state_->mu);
    state_->stopping = true;
    workers.swap(workers_);
  }
  state_->ready.notify_all();
  for (auto& w : workers)
    if (w.thread.joinable()) w.thread.join();
}

int TaskWorkers::busy() const {
  std::lock_guard lock(state_->mu);
  return state_->busy;
}

int TaskWorkers::abandoned() const {
  std::lock_guard lock(state_->mu);
  return abandoned_;
}

void TaskWorkers::loop(std::shared_ptr<State> state, std::shared_ptr<Slot> slot) {
  std::unique_lock lock(state->mu);
  for (;;) {
    // Handed-off work is drained even when stopping: each item was promised a worker.
    state->ready.wait(lock, [&] { return state->stopping || !state->handoff.empty(); });
    if (state->handoff.empty()) return;
    Item item = std::move(state->handoff.front());
    state->handoff.pop_front();
    slot->current = item.ticket;
    lock.unlock();
    item.work();
    item.work = nullptr;
    lock.lock();
    slot->current = 0;
    // abandon() already released this worker's place and started a replacement.
    if (slot->abandoned) return;
    --state->busy;
    if (state->stopping) continue;
    lock.unlock();
    if (state->on_idle) state->on_idle();
    lock.lock();
  }
}

}  // namespace berth::tasks
