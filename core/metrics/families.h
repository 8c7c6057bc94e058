#pragma once
// One scrape's metric families, built from the counters the layers keep and written in the
// Prometheus text format 0.0.4 by prometheus-cpp's serializer. Built per scrape: nothing here is
// on a request's path.
#include "metrics/histogram.h"

#include <prometheus/metric_family.h>

#include <string>
#include <string_view>
#include <vector>

namespace berth::metrics {

using Labels = std::vector<prometheus::ClientMetric::Label>;

inline constexpr std::string_view kTextContentType = "text/plain; version=0.0.4; charset=utf-8";

class Families {
 public:
  // Starts a family; the samples added next belong to it. Names follow Prometheus' conventions
  // (counters end in _total, units in the name: _seconds, _bytes).
  Families& counter(std::string name, std::string help);
  Families& gauge(std::string name, std::string help);
  Families& histogram(std::string name, std::string help);

  // A counter's or gauge's value.
  Families& sample(Labels labels, double value);
  // A histogram's buckets, count and sum; `scale` turns its unit into the family's (1e-9: ns to s).
  Families& sample(Labels labels, const Histogram::Snapshot& snapshot, double scale = 1.0);

  std::string text() const;

 private:
  Families& start(std::string name, std::string help, prometheus::MetricType type);

  std::vector<prometheus::MetricFamily> families_;
};

}  // namespace berth::metrics
