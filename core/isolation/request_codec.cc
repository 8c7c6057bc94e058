#include "isolation/request_codec.h"

namespace berth::isolation {
namespace {

class FieldWriter {
 public:
  void u64(std::uint64_t v) {
    for (int i = 0; i < 8; ++i) out_.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
  }
  void text(std::string_view s) {
    u64(s.size());
    out_.append(s);
  }
  template <class Pairs>
  void pairs(const Pairs& fields) {
    u64(fields.size());
    for (const auto& [k, v] : fields) {
      text(k);
      text(v);
    }
  }
  std::string take() { return std::move(out_); }

 private:
  std::string out_;
};

class FieldReader {
 public:
  explicit FieldReader(std::string_view in) : in_(in) {}
  bool u64(std::uint64_t& v) {
    if (in_.size() - at_ < 8) return false;
    v = 0;
    for (int i = 0; i < 8; ++i)
      v |= static_cast<std::uint64_t>(static_cast<unsigned char>(in_[at_ + i])) << (8 * i);
    at_ += 8;
    return true;
  }
  bool text(std::string& s) {
    std::uint64_t n = 0;
    if (!u64(n) || n > in_.size() - at_) return false;
    s.assign(in_.substr(at_, n));
    at_ += n;
    return true;
  }
  // `add(key, value)` per pair; the count is checked against what is left before anything is
  // allocated for it.
  template <class Add>
  bool pairs(Add add) {
    std::uint64_t n = 0;
    if (!u64(n) || n > (in_.size() - at_) / 16) return false;
    for (std::uint64_t i = 0; i < n; ++i) {
      std::string k, v;
      if (!text(k) || !text(v)) return false;
      add(std::move(k), std::move(v));
    }
    return true;
  }
  bool done() const noexcept { return at_ == in_.size(); }

 private:
  std::string_view in_;
  std::size_t at_ = 0;
};

constexpr std::uint64_t kMethodCount = 7;  // berth::Method's values: get .. options

}  // namespace

std::string encode_request(std::uint32_t route, const Request& r) {
  FieldWriter w;
  w.u64(route);
  w.u64(static_cast<std::uint64_t>(r.method));
  w.text(r.target);
  w.text(r.path);
  w.pairs(r.params);
  w.pairs(r.query);
  w.pairs(r.headers.fields());
  w.text(r.body);
  w.text(r.request_id);
  w.text(r.peer.transport);
  w.u64(static_cast<std::uint64_t>(r.peer.pid));
  w.u64(static_cast<std::uint64_t>(r.peer.uid));
  w.u64(static_cast<std::uint64_t>(r.peer.gid));
  w.u64(r.max_json_depth);
  return w.take();
}

Expected<RoutedRequest> decode_request(std::string_view body) {
  FieldReader in(body);
  RoutedRequest out;
  Request& r = out.request;
  std::uint64_t route = 0, method = 0, pid = 0, uid = 0, gid = 0, depth = 0;
  const bool ok =
      in.u64(route) && route <= UINT32_MAX && in.u64(method) && method < kMethodCount &&
      in.text(r.target) && in.text(r.path) && in.pairs([&](std::string k, std::string v) {
        r.params.emplace(std::move(k), std::move(v));
      }) &&
      in.pairs(
          [&](std::string k, std::string v) { r.query.emplace(std::move(k), std::move(v)); }) &&
      in.pairs([&](std::string k, std::string v) { r.headers.add(std::move(k), std::move(v)); }) &&
      in.text(r.body) && in.text(r.request_id) && in.text(r.peer.transport) && in.u64(pid) &&
      in.u64(uid) && in.u64(gid) && in.u64(depth) && in.done();
  if (!ok) return unexpected(std::string("malformed request frame"));
  out.route = static_cast<std::uint32_t>(route);
  r.method = static_cast<Method>(method);
  r.peer.pid = static_cast<std::int64_t>(pid);
  r.peer.uid = static_cast<std::int64_t>(uid);
  r.peer.gid = static_cast<std::int64_t>(gid);
  r.max_json_depth = depth;
  return out;
}

std::string encode_response(const Response& r) {
  FieldWriter w;
  w.u64(static_cast<std::uint64_t>(r.status));
  w.u64(r.unhandled_exception ? 1 : 0);
  w.pairs(r.headers.fields());
  w.text(r.body);
  w.text(r.error);
  return w.take();
}

Expected<Response> decode_response(std::string_view body) {
  FieldReader in(body);
  Response r;
  std::uint64_t status = 0, unhandled = 0;
  const bool ok =
      in.u64(status) && status >= 100 && status <= 999 && in.u64(unhandled) && unhandled <= 1 &&
      in.pairs([&](std::string k, std::string v) { r.headers.add(std::move(k), std::move(v)); }) &&
      in.text(r.body) && in.text(r.error) && in.done();
  if (!ok) return unexpected(std::string("malformed response frame"));
  r.status = static_cast<int>(status);
  r.unhandled_exception = unhandled == 1;
  return r;
}

}  // namespace berth::isolation
