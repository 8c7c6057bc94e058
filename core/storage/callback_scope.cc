#include "storage/callback_scope.h"

namespace berth::storage {
namespace {
// Innermost scope of this thread; scopes link to their outer one (they nest on the stack).
thread_local const CallbackScope* t_innermost = nullptr;
}  // namespace

CallbackScope::CallbackScope(const void* owner) noexcept : owner_(owner), outer_(t_innermost) {
  t_innermost = this;
}

CallbackScope::~CallbackScope() {
  t_innermost = outer_;
}

bool CallbackScope::active(const void* owner) noexcept {
  for (const CallbackScope* s = t_innermost; s; s = s->outer_)
    if (s->owner_ == owner) return true;
  return false;
}

}  // namespace berth::storage
