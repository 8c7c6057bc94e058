#include "tasks/job_limits.h"

#include <memory>

namespace berth::tasks {
namespace {

struct LimitPassed {};

// Counts what nlohmann's serializer writes, and stops it once past the limit. The serializer is
// the library's own (its detail namespace: the version is pinned by the build signature).
class CountingOutput final : public nlohmann::detail::output_adapter_protocol<char> {
 public:
  explicit CountingOutput(std::size_t limit) : limit_(limit) {}
  void write_character(char) override { add(1); }
  void write_characters(const char*, std::size_t length) override { add(length); }
  std::size_t count() const noexcept { return count_; }

 private:
  void add(std::size_t n) {
    count_ += n;
    if (count_ > limit_) throw LimitPassed{};
  }
  const std::size_t limit_;
  std::size_t count_ = 0;
};

bool is_continuation_byte(char c) {
  return (static_cast<unsigned char>(c) & 0xC0) == 0x80;
}

}  // namespace

std::optional<std::size_t> json_size_within(const nlohmann::json& value, std::size_t limit) {
  auto output = std::make_shared<CountingOutput>(limit);
  // Invalid UTF-8 is stored replaced (see JobStore), so it is measured that way.
  nlohmann::detail::serializer<nlohmann::json> serializer(output, ' ',
                                                          nlohmann::json::error_handler_t::replace);
  try {
    serializer.dump(value, false, false, 0);
  } catch (const LimitPassed&) {
    return std::nullopt;
  }
  return output->count();
}

std::string cut_to(std::string_view text, std::size_t limit) {
  if (text.size() <= limit) return std::string(text);
  std::size_t keep = limit;
  // A UTF-8 character has at most 3 continuation bytes; invalid text is cut anywhere.
  for (int i = 0; i < 3 && keep > 0 && is_continuation_byte(text[keep]); ++i) --keep;
  return std::string(text.substr(0, keep)) + "...[cut " + std::to_string(text.size() - keep) +
         " bytes]";
}

}  // namespace berth::tasks
