//! A bounded pool for photo work: at most `workers` photos are decoded at once, off the async executor, and at
//! most `queue` more may wait. Beyond that the caller is told to come back later (503 with `Retry-After`)
//! instead of joining an unbounded queue that would exhaust memory and stall every request behind it.

use std::sync::Arc;

use tokio::sync::Semaphore;

/// Why a job did not run.
#[derive(Debug, thiserror::Error)]
pub enum PoolError {
    #[error("the photo pool is saturated")]
    Saturated,
    #[error("a photo job failed: {0}")]
    Failed(String),
}

#[derive(Debug, Clone)]
pub struct PhotoPool {
    admitted: Arc<Semaphore>,
    running: Arc<Semaphore>,
}

impl PhotoPool {
    /// `workers` jobs run at once (0: one per core); `queue` more may wait.
    pub fn new(workers: usize, queue: usize) -> Self {
        let workers = if workers == 0 { std::thread::available_parallelism().map_or(2, usize::from) } else { workers };
        Self { admitted: Arc::new(Semaphore::new(workers + queue)), running: Arc::new(Semaphore::new(workers)) }
    }

    /// Runs `job` on a blocking thread once a worker is free; refuses at once when the queue is full.
    pub async fn run<T: Send + 'static>(&self, job: impl FnOnce() -> T + Send + 'static) -> Result<T, PoolError> {
        let _admitted = self.admitted.clone().try_acquire_owned().map_err(|_| PoolError::Saturated)?;
        let _running =
            self.running.clone().acquire_owned().await.map_err(|e| PoolError::Failed(format!("pool closed: {e}")))?;
        tokio::task::spawn_blocking(job).await.map_err(|e| PoolError::Failed(e.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[tokio::test]
    async fn a_full_pool_refuses_at_once_instead_of_queueing() {
        let pool = PhotoPool::new(1, 1);
        let (release, wait) = std::sync::mpsc::channel::<()>();
        let wait = Arc::new(std::sync::Mutex::new(wait));
        let blocker = |wait: Arc<std::sync::Mutex<std::sync::mpsc::Receiver<()>>>| {
            move || {
                let _ = wait.lock().map(|w| w.recv_timeout(Duration::from_secs(5)));
                1
            }
        };
        let running = tokio::spawn({
            let pool = pool.clone();
            let job = blocker(wait.clone());
            async move { pool.run(job).await }
        });
        tokio::time::sleep(Duration::from_millis(50)).await;
        let queued = tokio::spawn({
            let pool = pool.clone();
            let job = blocker(wait.clone());
            async move { pool.run(job).await }
        });
        tokio::time::sleep(Duration::from_millis(50)).await;
        let started = std::time::Instant::now();
        assert!(matches!(pool.run(|| 3).await, Err(PoolError::Saturated)));
        assert!(started.elapsed() < Duration::from_millis(100), "refused without waiting");
        release.send(()).unwrap();
        release.send(()).unwrap();
        assert_eq!(running.await.unwrap().unwrap(), 1);
        assert_eq!(queued.await.unwrap().unwrap(), 1);
        assert_eq!(pool.run(|| 4).await.unwrap(), 4);
    }
}
