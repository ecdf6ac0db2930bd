#include <gtest/gtest.h>

#include "exporter/snapshot/exposition.h"

namespace awsgov {
namespace {

constexpr auto kText = ExpositionFormat::kText004;
constexpr auto kOm = ExpositionFormat::kOpenMetrics100;

// Prometheus 2.x scrape Accept header (scrape/scrape.go, default scrape protocols).
constexpr const char* kPrometheus2 =
    "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;"
    "q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1";
// Prometheus 3.x default, and with protobuf first (native histograms on).
constexpr const char* kPrometheus3 =
    "application/openmetrics-text;version=1.0.0;escaping=allow-utf-8;q=0.5,"
    "application/openmetrics-text;version=0.0.1;q=0.4,"
    "text/plain;version=1.0.0;escaping=allow-utf-8;q=0.3,text/plain;version=0.0.4;q=0.2,*/*;q=0.1";
constexpr const char* kPrometheus3ProtoFirst =
    "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited;"
    "q=0.6,application/openmetrics-text;version=1.0.0;escaping=allow-utf-8;q=0.5,"
    "application/openmetrics-text;version=0.0.1;q=0.4,"
    "text/plain;version=1.0.0;escaping=allow-utf-8;q=0.3,text/plain;version=0.0.4;q=0.2,*/*;q=0.1";

TEST(NegotiateTest, PrometheusServersGetOpenMetrics) {
  EXPECT_EQ(NegotiateFormat(kPrometheus2), kOm);
  EXPECT_EQ(NegotiateFormat(kPrometheus3), kOm);
  EXPECT_EQ(NegotiateFormat(kPrometheus3ProtoFirst), kOm);
}

TEST(NegotiateTest, CurlBrowsersAndEmptyGetText) {
  EXPECT_EQ(NegotiateFormat("*/*"), kText);
  EXPECT_EQ(NegotiateFormat(""), kText);
  EXPECT_EQ(NegotiateFormat("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"),
            kText);
  EXPECT_EQ(NegotiateFormat("text/plain"), kText);
  EXPECT_EQ(NegotiateFormat("text/plain;version=0.0.4"), kText);
}

TEST(NegotiateTest, OpenMetricsDraftVersionIsServedAsOneZeroZero) {
  EXPECT_EQ(NegotiateFormat("application/openmetrics-text; version=0.0.1"), kOm);
  EXPECT_EQ(NegotiateFormat("application/openmetrics-text"), kOm);
  EXPECT_EQ(NegotiateFormat("Application/OpenMetrics-Text; Version=\"1.0.0\""), kOm);
}

TEST(NegotiateTest, UnknownOpenMetricsVersionIsNotOurs) {
  EXPECT_EQ(NegotiateFormat("application/openmetrics-text;version=2.0.0"), kText);
}

TEST(NegotiateTest, QZeroExcludes) {
  EXPECT_EQ(NegotiateFormat("application/openmetrics-text;q=0,*/*"), kText);
  EXPECT_EQ(NegotiateFormat("application/openmetrics-text;version=1.0.0;q=0,"
                            "application/openmetrics-text;version=0.0.1"),
            kText);
  EXPECT_EQ(NegotiateFormat("text/plain;q=0,application/openmetrics-text;q=0.1"), kOm);
}

TEST(NegotiateTest, HigherQForTextWins) {
  EXPECT_EQ(NegotiateFormat("application/openmetrics-text;q=0.4,text/plain;q=0.5"), kText);
  EXPECT_EQ(NegotiateFormat("application/openmetrics-text;q=0.5,text/plain;q=0.5"), kOm);
  // An explicit text/plain q overrides the wildcard's.
  EXPECT_EQ(NegotiateFormat("application/openmetrics-text;q=0.5,text/plain;q=0.1,*/*;q=0.9"), kOm);
  EXPECT_EQ(NegotiateFormat("application/openmetrics-text;q=0.5,*/*;q=0.9"), kText);
}

TEST(NegotiateTest, MalformedQIgnoresTheElement) {
  EXPECT_EQ(NegotiateFormat("application/openmetrics-text;q=abc"), kText);
  EXPECT_EQ(NegotiateFormat("application/openmetrics-text;q=2"), kText);
}

TEST(NegotiateTest, Gzip) {
  EXPECT_TRUE(AcceptsGzip("gzip"));
  EXPECT_TRUE(AcceptsGzip("gzip, deflate, br"));
  EXPECT_TRUE(AcceptsGzip("deflate;q=1, GZIP;q=0.5"));
  EXPECT_TRUE(AcceptsGzip("*"));
  EXPECT_TRUE(AcceptsGzip("x-gzip"));
  EXPECT_FALSE(AcceptsGzip(""));
  EXPECT_FALSE(AcceptsGzip("identity"));
  EXPECT_FALSE(AcceptsGzip("gzip;q=0"));
  EXPECT_FALSE(AcceptsGzip("gzip;q=0, *"));
  EXPECT_FALSE(AcceptsGzip("*;q=0"));
  EXPECT_FALSE(AcceptsGzip("deflate, br"));
}

TEST(NegotiateTest, ContentTypes) {
  EXPECT_EQ(ContentType(kText), "text/plain; version=0.0.4; charset=utf-8");
  EXPECT_EQ(ContentType(kOm), "application/openmetrics-text; version=1.0.0; charset=utf-8");
}

}  // namespace
}  // namespace awsgov
