// What a plugin child sends its host (and the host its child): frames in chunks of any size, and
// the bodies inside them. A child may be hostile or die mid-frame: the same bytes give the same
// frames however they are cut, no body decoder throws or reads past its input, a response that
// decodes encodes back to the same bytes, and a decoded request crosses again unchanged.
#include "fuzz_target.h"

#include "isolation/child_messages.h"
#include "isolation/frame.h"
#include "isolation/request_codec.h"

#include <string>
#include <vector>

namespace {

struct Decoded {
  std::vector<berth::isolation::Frame> frames;
  bool failed = false;
};

Decoded decode_in_pieces(std::string_view bytes, std::size_t piece) {
  berth::isolation::FrameDecoder decoder;
  Decoded out;
  for (std::size_t at = 0; at < bytes.size() && !out.failed; at += piece) {
    decoder.feed(bytes.substr(at, piece));
    for (;;) {
      auto frame = decoder.next();
      if (!frame) {
        out.failed = true;
        break;
      }
      if (!*frame) break;
      out.frames.push_back(std::move(**frame));
    }
  }
  return out;
}

void check_bodies(const std::string& body) {
  using namespace berth::isolation;
  if (auto request = decode_request(body)) {
    // Maps of the request (params, query) order and merge what arrived: once decoded, a request
    // crosses again unchanged.
    const std::string once = encode_request(request->route, request->request);
    auto again = decode_request(once);
    BERTH_FUZZ_CHECK(again);
    BERTH_FUZZ_CHECK(encode_request(again->route, again->request) == once);
  }
  if (auto response = decode_response(body)) BERTH_FUZZ_CHECK(encode_response(*response) == body);
  if (auto json = parse_body(body)) {
    (void)child_start_from(*json);
    (void)opened_plugin_from(*json);
    (void)child_registration_from(*json);
  }
}

}  // namespace

BERTH_FUZZ_TARGET(isolation_frames) {
  if (size < 1) return 0;
  const std::size_t piece = 1 + data[0] % 64;
  const std::string_view bytes = berth::fuzz::as_text(data + 1, size - 1);
  Decoded whole = decode_in_pieces(bytes, bytes.size() + 1);
  Decoded split = decode_in_pieces(bytes, piece);
  BERTH_FUZZ_CHECK(whole.failed == split.failed);
  BERTH_FUZZ_CHECK(whole.frames.size() == split.frames.size());
  for (std::size_t i = 0; i < whole.frames.size(); ++i) {
    BERTH_FUZZ_CHECK(whole.frames[i].body == split.frames[i].body);
    BERTH_FUZZ_CHECK(whole.frames[i].id == split.frames[i].id);
    check_bodies(whole.frames[i].body);
  }
  // The bytes as a body of their own too: the decoders meet them without a frame around them.
  check_bodies(std::string(bytes));
  return 0;
}
