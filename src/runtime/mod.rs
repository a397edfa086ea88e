//! What a *running* transfer needs: the per-manager [`ManagerContext`], the per-transfer
//! [`TransferCtx`], the one lifecycle runner both engines use, the semaphores that bound memory and
//! the part buffer pool.

mod buffers;
mod context;
mod ctx;
mod lifecycle;
mod semaphores;

pub(crate) use buffers::BufferPool;
pub(crate) use context::ManagerContext;
pub(crate) use ctx::{join_all, TransferCtx};
pub(crate) use lifecycle::run_transfer;
pub use semaphores::{NoResourcesAvailable, SemaphoreError, SlidingWindowSemaphore, TagSemaphore, TaskSemaphore};
