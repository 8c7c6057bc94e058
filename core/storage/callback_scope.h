#pragma once
// Marks the current thread as running a read()/write() callback of one storage, so that a write
// issued from inside it is refused instead of waiting forever for the writer thread it runs on
// (or that is waiting for it).

namespace berth::storage {

class CallbackScope {
 public:
  explicit CallbackScope(const void* owner) noexcept;
  ~CallbackScope();
  CallbackScope(const CallbackScope&) = delete;
  CallbackScope& operator=(const CallbackScope&) = delete;

  // True when this thread is inside a callback of `owner`.
  static bool active(const void* owner) noexcept;

 private:
  const void* owner_;
  const CallbackScope* outer_;
};

}  // namespace berth::storage
