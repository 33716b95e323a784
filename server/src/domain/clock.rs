//! The time, as every part of the server asks for it: one [`Clock`] made at start-up and handed down through
//! the application state, storage and adapters. A deployment reads the system clock; tests hold a
//! [`ManualClock`] and move it instead of sleeping.

use std::fmt::Debug;
use std::sync::{Arc, Mutex};

use chrono::{DateTime, Duration, Utc};

/// Says what time it is.
pub trait Clock: Send + Sync + Debug {
    fn now(&self) -> DateTime<Utc>;
}

/// The clock every part of one server shares.
pub type SharedClock = Arc<dyn Clock>;

/// The operating system's clock.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
}

/// The system clock as a shared handle.
pub fn system() -> SharedClock {
    Arc::new(SystemClock)
}

/// A clock that stands still until it is moved: tests set the instant the server sees.
#[derive(Debug)]
pub struct ManualClock {
    now: Mutex<DateTime<Utc>>,
}

impl ManualClock {
    /// A clock showing `at`.
    pub fn at(at: DateTime<Utc>) -> Self {
        Self { now: Mutex::new(at) }
    }

    /// Moves the clock on by `by` (or back, for a negative duration).
    pub fn advance(&self, by: Duration) {
        let mut now = self.now.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        *now += by;
    }

    /// Sets the clock to `at`.
    pub fn set(&self, at: DateTime<Utc>) {
        *self.now.lock().unwrap_or_else(std::sync::PoisonError::into_inner) = at;
    }
}

impl Clock for ManualClock {
    fn now(&self) -> DateTime<Utc> {
        *self.now.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

/// The system clock moved on by an offset that only grows when a test moves it: time runs as usual (the
/// background jobs and timestamps keep moving), and a test jumps ahead instead of sleeping.
#[derive(Debug, Default)]
pub struct ShiftedClock {
    offset: Mutex<Duration>,
}

impl ShiftedClock {
    /// Moves the clock on by `by`.
    pub fn advance(&self, by: Duration) {
        *self.offset.lock().unwrap_or_else(std::sync::PoisonError::into_inner) += by;
    }
}

impl Clock for ShiftedClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now() + *self.offset.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_manual_clock_stands_still_until_moved() {
        let start = DateTime::parse_from_rfc3339("2026-11-30T08:00:00Z").unwrap().with_timezone(&Utc);
        let clock = ManualClock::at(start);
        assert_eq!(clock.now(), start);
        assert_eq!(clock.now(), start);
        clock.advance(Duration::hours(2));
        assert_eq!(clock.now(), start + Duration::hours(2));
        clock.set(start);
        assert_eq!(clock.now(), start);
    }

    #[test]
    fn a_shifted_clock_runs_and_jumps() {
        let clock = ShiftedClock::default();
        let before = Utc::now();
        clock.advance(Duration::days(3));
        let shifted = clock.now();
        assert!(shifted >= before + Duration::days(3) && shifted <= Utc::now() + Duration::days(3));
    }

    #[test]
    fn the_system_clock_moves_forward() {
        let clock = system();
        let first = clock.now();
        assert!(clock.now() >= first);
    }
}
