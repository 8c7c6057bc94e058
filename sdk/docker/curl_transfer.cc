#include "curl_transfer.h"

#include <curl/curl.h>

#include <cstring>
#include <exception>
#include <memory>
#include <mutex>
#include <stdexcept>

namespace berth::docker::detail {
namespace {

constexpr std::size_t kMaxErrorBody = 64 * 1024;

void global_init() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

struct Exchange {
  CURL* easy = nullptr;
  const std::function<void(std::string_view)>* sink = nullptr;
  TransferResult* result = nullptr;
  std::exception_ptr failure;
  bool status_known = false;
  bool ok_status = false;
};

size_t on_write(char* data, size_t size, size_t count, void* user) noexcept {
  auto& x = *static_cast<Exchange*>(user);
  const size_t n = size * count;
  if (!x.status_known) {
    long code = 0;
    curl_easy_getinfo(x.easy, CURLINFO_RESPONSE_CODE, &code);
    x.result->status = static_cast<int>(code);
    x.ok_status = code >= 200 && code < 300;
    x.status_known = true;
  }
  if (!x.ok_status) {
    auto room = kMaxErrorBody - x.result->error_body.size();
    x.result->error_body.append(data, n < room ? n : room);
    return n;
  }
  // No exception may unwind through libcurl's C frames: keep it for transfer() to rethrow.
  try {
    (*x.sink)(std::string_view(data, n));
    return n;
  } catch (...) {
    x.failure = std::current_exception();
    return 0;
  }
}

struct EasyDeleter {
  void operator()(CURL* c) const noexcept { curl_easy_cleanup(c); }
};
struct SlistDeleter {
  void operator()(curl_slist* l) const noexcept { curl_slist_free_all(l); }
};
struct MultiDeleter {
  void operator()(CURLM* m) const noexcept { curl_multi_cleanup(m); }
};

// Runs the easy handle on a multi handle so that the stop token can interrupt a transfer that is
// waiting for data (an idle /events stream) at once, through curl_multi_wakeup.
TransferFailure classify(CURLcode code) {
  switch (code) {
    case CURLE_OK: return TransferFailure::none;
    case CURLE_COULDNT_CONNECT:
    case CURLE_COULDNT_RESOLVE_HOST: return TransferFailure::connect;
    case CURLE_OPERATION_TIMEDOUT: return TransferFailure::timeout;
    case CURLE_GOT_NOTHING:
    case CURLE_PARTIAL_FILE:
    case CURLE_RECV_ERROR:
    case CURLE_SEND_ERROR: return TransferFailure::lost;
    default: return TransferFailure::other;
  }
}

CURLcode perform(CURLM* multi, CURL* easy, const std::stop_token& stop, bool& stopped) {
  curl_multi_add_handle(multi, easy);
  CURLcode code = CURLE_OK;
  {
    std::stop_callback wake(stop, [multi] { curl_multi_wakeup(multi); });
    for (;;) {
      int running = 0;
      if (curl_multi_perform(multi, &running) != CURLM_OK) {
        code = CURLE_FAILED_INIT;
        break;
      }
      if (running == 0) {
        int queued = 0;
        while (CURLMsg* msg = curl_multi_info_read(multi, &queued))
          if (msg->msg == CURLMSG_DONE) code = msg->data.result;
        break;
      }
      if (stop.stop_requested()) {
        stopped = true;
        code = CURLE_ABORTED_BY_CALLBACK;
        break;
      }
      curl_multi_poll(multi, nullptr, 0, 1000, nullptr);
    }
  }
  curl_multi_remove_handle(multi, easy);
  return code;
}

}  // namespace

TransferResult transfer(const TransferRequest& request,
                        const std::function<void(std::string_view)>& sink) {
  global_init();
  std::unique_ptr<CURL, EasyDeleter> easy(curl_easy_init());
  std::unique_ptr<CURLM, MultiDeleter> multi(curl_multi_init());
  if (!easy || !multi) throw std::runtime_error("curl: cannot create a handle");
  TransferResult result;
  Exchange x;
  x.easy = easy.get();
  x.sink = &sink;
  x.result = &result;
  char error[CURL_ERROR_SIZE] = {};

  std::unique_ptr<curl_slist, SlistDeleter> headers;
  auto add_header = [&](const char* h) { headers.reset(curl_slist_append(headers.release(), h)); };
  add_header("Expect:");  // no 100-continue round trip
  if (request.json_body) add_header("Content-Type: application/json");

  CURL* c = easy.get();
  curl_easy_setopt(c, CURLOPT_UNIX_SOCKET_PATH, request.socket.c_str());
  curl_easy_setopt(c, CURLOPT_URL, request.url.c_str());
  curl_easy_setopt(c, CURLOPT_HTTP_VERSION, CURL_HTTP_VERSION_1_1);
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, error);
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS,
                   static_cast<long>(request.connect_timeout.count()));
  curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, static_cast<long>(request.timeout.count()));
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers.get());
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_write);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &x);
  if (request.method == "POST") {
    curl_easy_setopt(c, CURLOPT_POST, 1L);
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, request.body.c_str());
    curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, static_cast<long>(request.body.size()));
  } else if (request.method != "GET") {
    curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, request.method.c_str());
    if (!request.body.empty()) {
      curl_easy_setopt(c, CURLOPT_POSTFIELDS, request.body.c_str());
      curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, static_cast<long>(request.body.size()));
    }
  }

  bool stopped = false;
  CURLcode code = perform(multi.get(), c, request.stop, stopped);
  if (x.failure) std::rethrow_exception(x.failure);
  if (!x.status_known) {  // an answer without a body
    long status = 0;
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
    result.status = static_cast<int>(status);
  }
  result.failure = stopped ? TransferFailure::stopped : classify(code);
  if (code != CURLE_OK) result.curl_error = error[0] ? error : curl_easy_strerror(code);
  // curl's own text names the URL's placeholder host ("docker port 80"); the socket's errno says
  // what is wrong with the socket ("No such file or directory", "Connection refused").
  long os_errno = 0;
  if (result.failure == TransferFailure::connect &&
      curl_easy_getinfo(c, CURLINFO_OS_ERRNO, &os_errno) == CURLE_OK && os_errno != 0)
    result.curl_error = std::strerror(static_cast<int>(os_errno));
  return result;
}

std::string escape(std::string_view text) {
  global_init();
  char* out = curl_easy_escape(nullptr, text.data(), static_cast<int>(text.size()));
  if (!out) throw std::runtime_error("curl: cannot escape");
  std::string s(out);
  curl_free(out);
  return s;
}

}  // namespace berth::docker::detail
