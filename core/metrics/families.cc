#include "metrics/families.h"

#include <prometheus/text_serializer.h>

#include <limits>
#include <stdexcept>

namespace berth::metrics {

Families& Families::counter(std::string name, std::string help) {
  return start(std::move(name), std::move(help), prometheus::MetricType::Counter);
}

Families& Families::gauge(std::string name, std::string help) {
  return start(std::move(name), std::move(help), prometheus::MetricType::Gauge);
}

Families& Families::histogram(std::string name, std::string help) {
  return start(std::move(name), std::move(help), prometheus::MetricType::Histogram);
}

Families& Families::start(std::string name, std::string help, prometheus::MetricType type) {
  prometheus::MetricFamily family;
  family.name = std::move(name);
  family.help = std::move(help);
  family.type = type;
  families_.push_back(std::move(family));
  return *this;
}

Families& Families::sample(Labels labels, double value) {
  if (families_.empty()) throw std::logic_error("metrics: a sample before any family");
  auto& family = families_.back();
  prometheus::ClientMetric m;
  m.label = std::move(labels);
  if (family.type == prometheus::MetricType::Counter) {
    m.counter.value = value;
  } else if (family.type == prometheus::MetricType::Gauge) {
    m.gauge.value = value;
  } else {
    throw std::logic_error("metrics: " + family.name + " takes histogram samples");
  }
  family.metric.push_back(std::move(m));
  return *this;
}

Families& Families::sample(Labels labels, const Histogram::Snapshot& snapshot, double scale) {
  if (families_.empty() || families_.back().type != prometheus::MetricType::Histogram)
    throw std::logic_error("metrics: a histogram sample outside a histogram family");
  prometheus::ClientMetric m;
  m.label = std::move(labels);
  for (std::size_t i = 0; i < snapshot.cumulative.size(); ++i) {
    const double bound = i < snapshot.upper_bounds.size()
                             ? static_cast<double>(snapshot.upper_bounds[i]) * scale
                             : std::numeric_limits<double>::infinity();
    m.histogram.bucket.push_back({snapshot.cumulative[i], bound});
  }
  m.histogram.sample_count = snapshot.cumulative.empty() ? 0 : snapshot.cumulative.back();
  m.histogram.sample_sum = static_cast<double>(snapshot.sum) * scale;
  families_.back().metric.push_back(std::move(m));
  return *this;
}

std::string Families::text() const {
  return prometheus::TextSerializer().Serialize(families_);
}

}  // namespace berth::metrics
