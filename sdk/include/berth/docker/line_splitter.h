#pragma once
// Splits a byte stream that arrives in chunks into lines ('\n'; a trailing '\r' is kept).
#include <functional>
#include <string>
#include <string_view>

namespace berth::docker {

class LineSplitter {
 public:
  using Sink = std::function<void(std::string_view line)>;

  void feed(std::string_view bytes, const Sink& sink) {
    std::size_t start = 0;
    for (std::size_t nl; (nl = bytes.find('\n', start)) != std::string_view::npos; start = nl + 1) {
      if (pending_.empty()) {
        sink(bytes.substr(start, nl - start));
      } else {
        pending_.append(bytes.substr(start, nl - start));
        sink(pending_);
        pending_.clear();
      }
    }
    pending_.append(bytes.substr(start));
  }
  // The last line when the stream did not end with a newline.
  void flush(const Sink& sink) {
    if (!pending_.empty()) sink(pending_);
    pending_.clear();
  }

 private:
  std::string pending_;
};

}  // namespace berth::docker
