//! Reusable part buffers of the classic engine's file uploads.

use std::sync::{Arc, Mutex, MutexGuard};

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

/// Reusable part buffers, so reading file parts into memory does not churn the allocator (which
/// otherwise keeps freed 8 MiB blocks and grows the process far beyond the parts in flight).
pub(crate) struct BufferPool {
    free: Mutex<Vec<Vec<u8>>>,
    max_cached: usize,
}

impl BufferPool {
    /// A pool keeping at most `max_cached` idle buffers.
    pub(crate) fn new(max_cached: usize) -> Arc<Self> {
        Arc::new(Self { free: Mutex::new(Vec::new()), max_cached })
    }

    /// A zero-filled buffer of `len` bytes, returned to the pool when dropped.
    pub(crate) fn take(self: &Arc<Self>, len: usize) -> PooledBuf {
        let mut buf = {
            let mut free = lock(&self.free);
            match free.iter().position(|b| b.capacity() >= len) {
                Some(i) => free.swap_remove(i),
                None => Vec::new(),
            }
        };
        buf.clear();
        buf.resize(len, 0);
        PooledBuf { buf, pool: self.clone() }
    }
}

/// A buffer from a [`BufferPool`].
pub(crate) struct PooledBuf {
    buf: Vec<u8>,
    pool: Arc<BufferPool>,
}

impl AsRef<[u8]> for PooledBuf {
    fn as_ref(&self) -> &[u8] {
        &self.buf
    }
}

impl AsMut<[u8]> for PooledBuf {
    fn as_mut(&mut self) -> &mut [u8] {
        &mut self.buf
    }
}

impl Drop for PooledBuf {
    fn drop(&mut self) {
        let buf = std::mem::take(&mut self.buf);
        let mut free = lock(&self.pool.free);
        if free.len() < self.pool.max_cached {
            free.push(buf);
        }
    }
}
