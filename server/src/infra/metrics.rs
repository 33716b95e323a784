//! Prometheus metrics at `GET /metrics`: requests by route, status and latency; reports by state; the
//! notice queue's depth and lag; notification attempts by channel and result; photo processing time.
//! Counters live in this process (each instance is scraped on its own); the report and queue gauges are
//! read from the database at scrape time, so every instance reports the same, whole figures.

use prometheus::{
    Encoder, Gauge, HistogramOpts, HistogramVec, IntCounterVec, IntGauge, IntGaugeVec, Opts, Registry, TextEncoder,
};

use crate::storage::{Storage, StorageError};

/// Every metric this server exports.
#[derive(Clone)]
pub struct Metrics {
    registry: Registry,
    http_requests: IntCounterVec,
    http_seconds: HistogramVec,
    notification_attempts: IntCounterVec,
    photo_seconds: HistogramVec,
    reports: IntGaugeVec,
    outbox_pending: IntGauge,
    outbox_dead: IntGauge,
    outbox_lag_seconds: Gauge,
}

impl std::fmt::Debug for Metrics {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Metrics")
    }
}

impl Metrics {
    pub fn new() -> Result<Self, prometheus::Error> {
        let registry = Registry::new_custom(Some("liaison".into()), None)?;
        let http_requests = IntCounterVec::new(
            Opts::new("http_requests_total", "HTTP requests by method, route pattern and status."),
            &["method", "route", "status"],
        )?;
        let http_seconds = HistogramVec::new(
            HistogramOpts::new("http_request_duration_seconds", "Time to answer, by method and route pattern.")
                .buckets(vec![0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0]),
            &["method", "route"],
        )?;
        let notification_attempts = IntCounterVec::new(
            Opts::new("notification_attempts_total", "Delivery attempts by channel and result (ok, failed)."),
            &["channel", "result"],
        )?;
        let photo_seconds = HistogramVec::new(
            HistogramOpts::new("photo_processing_seconds", "Time to check and resize one photo, by outcome.")
                .buckets(vec![0.01, 0.05, 0.1, 0.25, 0.5, 1.0, 2.0, 5.0, 10.0]),
            &["outcome"],
        )?;
        let reports = IntGaugeVec::new(Opts::new("reports", "Reports by status."), &["status"])?;
        let outbox_pending = IntGauge::new("outbox_pending", "Notices waiting to be delivered (queue depth).")?;
        let outbox_dead = IntGauge::new("outbox_dead", "Notices given up on (dead letters).")?;
        let outbox_lag_seconds =
            Gauge::new("outbox_lag_seconds", "Age of the oldest notice waiting to be delivered; 0 when none.")?;
        registry.register(Box::new(http_requests.clone()))?;
        registry.register(Box::new(http_seconds.clone()))?;
        registry.register(Box::new(notification_attempts.clone()))?;
        registry.register(Box::new(photo_seconds.clone()))?;
        registry.register(Box::new(reports.clone()))?;
        registry.register(Box::new(outbox_pending.clone()))?;
        registry.register(Box::new(outbox_dead.clone()))?;
        registry.register(Box::new(outbox_lag_seconds.clone()))?;
        Ok(Self {
            registry,
            http_requests,
            http_seconds,
            notification_attempts,
            photo_seconds,
            reports,
            outbox_pending,
            outbox_dead,
            outbox_lag_seconds,
        })
    }

    /// One answered request; `route` is the matched pattern (never the raw path, which may hold codes).
    pub fn request(&self, method: &str, route: &str, status: u16, seconds: f64) {
        // Any token is a method to HTTP; only the ones we serve get a series of their own.
        let method = match method {
            "GET" | "HEAD" | "POST" | "PUT" | "PATCH" | "DELETE" | "OPTIONS" => method,
            _ => "OTHER",
        };
        self.http_requests.with_label_values(&[method, route, &status.to_string()]).inc();
        self.http_seconds.with_label_values(&[method, route]).observe(seconds);
    }

    /// One delivery attempt.
    pub fn attempt(&self, channel: &str, ok: bool) {
        self.notification_attempts.with_label_values(&[channel, if ok { "ok" } else { "failed" }]).inc();
    }

    /// One photo through the pipeline.
    pub fn photo(&self, seconds: f64, accepted: bool) {
        self.photo_seconds.with_label_values(&[if accepted { "ok" } else { "refused" }]).observe(seconds);
    }

    /// Reads the gauges from the database and renders everything in the Prometheus text format.
    pub async fn render(&self, storage: &Storage) -> Result<String, StorageError> {
        let now = storage.now();
        self.reports.reset();
        for (status, count) in storage.report_counts_by_status().await? {
            self.reports.with_label_values(&[&status]).set(count);
        }
        let queue = storage.outbox_figures().await?;
        self.outbox_pending.set(queue.pending);
        self.outbox_dead.set(queue.dead);
        let lag = queue.oldest_pending.map_or(0.0, |oldest| (now - oldest).num_milliseconds().max(0) as f64 / 1e3);
        self.outbox_lag_seconds.set(lag);
        let mut text = Vec::new();
        TextEncoder::new()
            .encode(&self.registry.gather(), &mut text)
            .map_err(|e| StorageError::Corrupt(format!("metrics: {e}")))?;
        Ok(String::from_utf8_lossy(&text).into_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::Metrics;

    #[test]
    fn counters_and_histograms_are_labelled_as_documented() {
        let metrics = Metrics::new().unwrap();
        metrics.request("GET", "/api/v1/reports/track/{tracking_code}", 200, 0.012);
        metrics.attempt("webhook", false);
        metrics.photo(0.3, true);
        let families = metrics.registry.gather();
        let names: Vec<&str> = families.iter().map(|f| f.name()).collect();
        assert!(names.contains(&"liaison_http_requests_total"), "{names:?}");
        assert!(names.contains(&"liaison_notification_attempts_total"));
        assert!(names.contains(&"liaison_photo_processing_seconds"));
    }
}
