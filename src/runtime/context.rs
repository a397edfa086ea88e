//! [`ManagerContext`]: what every transfer of one manager shares.

use std::sync::Arc;

use crate::bandwidth::LeakyBucket;
use crate::config::TransferConfig;
use crate::error::Result;

use super::{BufferPool, SlidingWindowSemaphore, TaskSemaphore};

/// One manager's client, configuration, runtime and limits, shared by all its transfers.
pub(crate) struct ManagerContext {
    pub(crate) client: aws_sdk_s3::Client,
    pub(crate) config: TransferConfig,
    /// The manager's own tokio runtime.
    pub(crate) handle: tokio::runtime::Handle,
    /// `max_request_concurrency`: requests in flight over all transfers.
    pub(crate) request_slots: Arc<tokio::sync::Semaphore>,
    /// `max_submission_concurrency`: transfers being planned at once.
    pub(crate) submission_slots: Arc<tokio::sync::Semaphore>,
    /// `max_in_memory_upload_chunks`: parts of stream uploads held in memory.
    pub(crate) upload_memory: Arc<TaskSemaphore>,
    /// `max_in_memory_download_chunks`: ranged GETs to non-seekable targets not yet written.
    pub(crate) download_window: Arc<SlidingWindowSemaphore>,
    /// Buffers of file parts being uploaded.
    pub(crate) part_buffers: Arc<BufferPool>,
    /// The manager's bandwidth limit (`max_bandwidth`), shared by every body of every transfer.
    pub(crate) bandwidth: Option<Arc<LeakyBucket>>,
}

impl ManagerContext {
    /// The context of a manager with `config` (validated by the caller) on `handle`.
    pub(crate) fn new(client: aws_sdk_s3::Client, config: TransferConfig, handle: tokio::runtime::Handle) -> Result<Self> {
        let bandwidth = match config.max_bandwidth {
            Some(bw) => Some(Arc::new(LeakyBucket::new(bw as f64)?)),
            None => None,
        };
        Ok(Self {
            handle,
            request_slots: Arc::new(tokio::sync::Semaphore::new(config.max_request_concurrency)),
            submission_slots: Arc::new(tokio::sync::Semaphore::new(config.max_submission_concurrency)),
            upload_memory: Arc::new(TaskSemaphore::new(config.max_in_memory_upload_chunks)),
            download_window: Arc::new(SlidingWindowSemaphore::new(config.max_in_memory_download_chunks)),
            part_buffers: BufferPool::new(config.max_request_concurrency),
            bandwidth,
            client,
            config,
        })
    }
}
