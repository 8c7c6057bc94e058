#include "http/paced_transport.h"

#include "http/io_handler.h"

#include <vector>

namespace berth::http {

PacedTransport::PacedTransport(const std::shared_ptr<IoHandler>& handler)
    : Pistache::Tcp::Transport(handler), handler_(handler) {}

std::shared_ptr<Pistache::Aio::Handler> PacedTransport::clone() const {
  return std::make_shared<PacedTransport>(std::static_pointer_cast<IoHandler>(handler_->clone()));
}

// A connection's readable event is its own; what is left of it (writability, or the read once
// the connection is over) and every other event go to Pistache one at a time. Pistache acts on
// readability before writability and ignores the second when an event has both, which would lose
// the edge that resumes a queued write: here each gets its turn.
void PacedTransport::onReady(const Pistache::Aio::FdSet& fds) {
  for (const auto& entry : fds) {
    if (entry.isReadable()) {
      const auto fd = static_cast<int>(entry.getTag().value());
      bool release = false;
      if (handler_->read(fd, entry.isHangup(), release)) {
        if (release || entry.isWritable()) forward(entry, release);
        continue;
      }
    }
    forward(entry, entry.isReadable());
  }
}

void PacedTransport::forward(const Pistache::Aio::FdSet::Entry& entry, bool readable) {
  Pistache::Polling::Event event(entry.getTag());
  if (readable) event.flags.setFlag(Pistache::Polling::NotifyOn::Read);
  if (entry.isWritable()) event.flags.setFlag(Pistache::Polling::NotifyOn::Write);
  if (entry.isHangup()) event.flags.setFlag(Pistache::Polling::NotifyOn::Hangup);
  std::vector<Pistache::Polling::Event> events;
  events.push_back(std::move(event));
  Pistache::Tcp::Transport::onReady(Pistache::Aio::FdSet(std::move(events)));
}

}  // namespace berth::http
