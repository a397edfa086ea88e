//! The ordering buffer of a download to a non-seekable target.

use std::collections::BTreeMap;

use bytes::Bytes;

/// Ordering buffer for one non-seekable target (s3transfer's `DeferQueue`): data arrives at
/// arbitrary offsets and is released strictly in order, exactly once per byte.
#[derive(Debug, Default)]
pub struct DeferQueue {
    pending: BTreeMap<u64, Bytes>,
    next_offset: u64,
}

impl DeferQueue {
    /// An empty queue expecting offset 0.
    pub fn new() -> Self {
        Self::default()
    }

    /// The next offset to be released.
    pub fn next_offset(&self) -> u64 {
        self.next_offset
    }

    /// Bytes held, waiting for earlier data.
    pub fn pending_bytes(&self) -> usize {
        self.pending.values().map(Bytes::len).sum()
    }

    /// Offers `data` at `offset`; returns the writes that can now happen, in order.
    pub fn request_writes(&mut self, offset: u64, mut data: Bytes) -> Vec<(u64, Bytes)> {
        let mut out = Vec::new();
        let end = offset + data.len() as u64;
        if end <= self.next_offset && !(data.is_empty() && offset == self.next_offset && self.next_offset == 0) {
            return out;
        }
        let mut offset = offset;
        if offset < self.next_offset {
            data = data.slice((self.next_offset - offset) as usize..);
            offset = self.next_offset;
        }
        match self.pending.get(&offset) {
            Some(existing) if existing.len() >= data.len() => return out,
            _ => {
                self.pending.insert(offset, data);
            }
        }
        while let Some((&off, _)) = self.pending.first_key_value() {
            if off > self.next_offset {
                break;
            }
            let (off, mut d) = self.pending.pop_first().expect("non-empty");
            // Hardened against upstream's stall on misaligned retried chunks: drop or trim entries overlapped by data already released.
            let dend = off + d.len() as u64;
            if dend <= self.next_offset && !(d.is_empty() && off == self.next_offset) {
                continue;
            }
            if off < self.next_offset {
                d = d.slice((self.next_offset - off) as usize..);
            }
            let start = self.next_offset;
            self.next_offset += d.len() as u64;
            out.push((start, d));
        }
        out
    }
}


#[cfg(test)]
mod tests {
    use super::*;

    fn b(s: &str) -> Bytes {
        Bytes::copy_from_slice(s.as_bytes())
    }

    #[test]
    fn defer_queue() {
        let mut q = DeferQueue::new();
        assert!(q.request_writes(5, b("fghij")).is_empty());
        let w = q.request_writes(0, b("abcde"));
        assert_eq!(w, vec![(0, b("abcde")), (5, b("fghij"))]);
        assert!(q.request_writes(0, b("abc")).is_empty()); // fully seen
        let w = q.request_writes(8, b("ijKL"));
        assert_eq!(w, vec![(10, b("KL"))]); // trimmed
        assert!(q.request_writes(20, b("xx")).is_empty());
        assert!(q.request_writes(20, b("x")).is_empty()); // same offset, not longer: ignored
        assert!(q.request_writes(20, b("yyy")).is_empty()); // longer replaces
        let w = q.request_writes(12, b("mnopqrst"));
        assert_eq!(w, vec![(12, b("mnopqrst")), (20, b("yyy"))]);
    }

    #[test]
    fn defer_queue_misaligned_retry_does_not_stall() {
        let mut q = DeferQueue::new();
        assert!(q.request_writes(3, b("defg")).is_empty()); // queued early, bytes 3..7
        let w = q.request_writes(0, b("abcdef")); // releases 0..6, then trims pending 3..7 to "g"
        assert_eq!(w, vec![(0, b("abcdef")), (6, b("g"))]);
        assert_eq!(q.next_offset(), 7);
        assert_eq!(q.pending_bytes(), 0);
    }


    #[test]
    fn defer_queue_empty_object() {
        let mut q = DeferQueue::new();
        let w = q.request_writes(0, Bytes::new());
        assert_eq!(w, vec![(0, Bytes::new())]);
    }

}
