//! s3transfer's `BoundedExecutor` (`s3transfer/futures.py`): bounded task submission over tokio. The
//! manager's engines bound their work with the semaphores directly; this is the parity surface.
//!
//! [`BoundedExecutor::submit`] acquires a permit from the default semaphore, or from the tag's
//! semaphore **instead** when a [`TaskTag`] is given, *before* spawning, so the submitter waits
//! (back-pressure) as in s3transfer, and releases it when the task completes. A second semaphore
//! bounds how many submitted tasks run at once (s3transfer's thread count).

use std::collections::HashMap;
use std::future::Future;
use std::sync::Arc;

pub use crate::future::ExecutorFuture;
pub use crate::runtime::{NoResourcesAvailable, TagSemaphore, TaskSemaphore};

/// A tag naming a semaphore of a [`BoundedExecutor`].
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct TaskTag {
    /// The tag's name.
    pub name: &'static str,
}

/// Tag of upload parts held in memory (bounded by `max_in_memory_upload_chunks`).
pub const IN_MEMORY_UPLOAD_TAG: TaskTag = TaskTag { name: "in_memory_upload" };
/// Tag of ranged GETs to non-seekable targets (sliding window of `max_in_memory_download_chunks`).
pub const IN_MEMORY_DOWNLOAD_TAG: TaskTag = TaskTag { name: "in_memory_download" };

/// Spawns tasks on a tokio runtime with bounded in-flight work (s3transfer's `BoundedExecutor`).
pub struct BoundedExecutor {
    handle: tokio::runtime::Handle,
    default: TagSemaphore,
    tags: HashMap<&'static str, TagSemaphore>,
    running: Arc<tokio::sync::Semaphore>,
}

impl BoundedExecutor {
    /// `max_size` in-flight untagged tasks, at most `max_running` running at once, plus tag semaphores.
    pub fn new(
        handle: tokio::runtime::Handle,
        max_size: usize,
        max_running: usize,
        tag_semaphores: Vec<(TaskTag, TagSemaphore)>,
    ) -> Self {
        Self {
            handle,
            default: TagSemaphore::Counting(Arc::new(TaskSemaphore::new(max_size))),
            tags: tag_semaphores.into_iter().map(|(t, s)| (t.name, s)).collect(),
            running: Arc::new(tokio::sync::Semaphore::new(max_running)),
        }
    }

    fn semaphore(&self, tag: Option<&TaskTag>) -> TagSemaphore {
        match tag.and_then(|t| self.tags.get(t.name)) {
            Some(s) => s.clone(),
            None => self.default.clone(),
        }
    }

    /// The semaphore used for `tag`.
    pub fn tag_semaphore(&self, tag: &TaskTag) -> Option<&TagSemaphore> {
        self.tags.get(tag.name)
    }

    /// Acquires the permit for `tag` (the tag's semaphore or the default one), waiting if needed,
    /// then spawns `task`. The permit is released when the task completes.
    pub async fn submit<F>(&self, transfer_id: u64, tag: Option<&TaskTag>, task: F) -> ExecutorFuture
    where
        F: Future<Output = ()> + Send + 'static,
    {
        let sem = self.semaphore(tag);
        let token = sem.acquire(transfer_id).await;
        self.spawn_with(sem, transfer_id, token, task)
    }

    /// Like [`BoundedExecutor::submit`] but fails instead of waiting.
    pub fn try_submit<F>(&self, transfer_id: u64, tag: Option<&TaskTag>, task: F) -> Result<ExecutorFuture, NoResourcesAvailable>
    where
        F: Future<Output = ()> + Send + 'static,
    {
        let sem = self.semaphore(tag);
        let token = sem.try_acquire(transfer_id)?;
        Ok(self.spawn_with(sem, transfer_id, token, task))
    }

    fn spawn_with<F>(&self, sem: TagSemaphore, transfer_id: u64, token: u64, task: F) -> ExecutorFuture
    where
        F: Future<Output = ()> + Send + 'static,
    {
        let fut = ExecutorFuture::pending();
        let done = fut.clone();
        let running = self.running.clone();
        self.handle.spawn(async move {
            struct Release(TagSemaphore, u64, u64, ExecutorFuture);
            impl Drop for Release {
                fn drop(&mut self) {
                    let _ = self.0.release(self.1, self.2);
                    self.3.set_done();
                }
            }
            let _release = Release(sem, transfer_id, token, done);
            let _permit = running.acquire_owned().await;
            task.await;
        });
        fut
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn bounded_executor_blocks_at_capacity_and_tags_replace_default() {
        let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
        let tagged = TagSemaphore::Counting(Arc::new(TaskSemaphore::new(1)));
        let ex = BoundedExecutor::new(rt.handle().clone(), 1, 4, vec![(IN_MEMORY_UPLOAD_TAG, tagged)]);
        rt.block_on(async {
            let (tx, rx) = tokio::sync::oneshot::channel::<()>();
            let f1 = ex.submit(0, None, async move {
                let _ = rx.await;
            })
            .await;
            // Default semaphore is full: a non-blocking untagged submit fails...
            assert!(ex.try_submit(0, None, async {}).is_err());
            // ...but a tagged submit uses only its tag's semaphore.
            let f2 = ex.try_submit(0, Some(&IN_MEMORY_UPLOAD_TAG), async {}).unwrap();
            f2.wait().await;
            tx.send(()).unwrap();
            f1.wait().await;
            let f3 = tokio::time::timeout(Duration::from_secs(5), ex.submit(0, None, async {})).await.unwrap();
            f3.wait().await;
            assert!(f3.done());
        });
    }
}
