//! The main job in one command: `cargo run --release --example quickstart`.
//!
//! Starts an embedded S3 server (s3s-fs over a temporary directory on 127.0.0.1, SigV4 checked),
//! uploads a generated file and downloads it back through the `TransferManager` with a progress
//! bar on every engine built into this crate, checks the bytes, and prints a table of MiB/s and client
//! CPU seconds per engine and direction.
//! Nothing to configure, nothing left running afterwards.
//!
//! Options: `--size-mib N` (default 256).

#[path = "../tests/support/server.rs"]
mod server;

use std::path::Path;
use std::sync::Arc;
use std::time::Instant;

use indicatif::{ProgressBar, ProgressStyle};
use s3transfer::{Engine, Subscriber, TransferConfig, TransferFuture, TransferManager};

/// A progress bar driven by the transfer's subscriber events.
struct Bar(ProgressBar);

impl Subscriber for Bar {
    fn on_progress(&self, _future: &TransferFuture, bytes: i64) {
        if bytes >= 0 {
            self.0.inc(bytes as u64);
        } else {
            // A retried range is undone before it is fetched again.
            self.0.set_position(self.0.position().saturating_sub(bytes.unsigned_abs()));
        }
    }
    fn on_done(&self, _future: &TransferFuture) {
        self.0.finish();
    }
}

fn bar(label: &str, len: u64) -> Arc<Bar> {
    let pb = ProgressBar::new(len);
    pb.set_style(
        ProgressStyle::with_template("{prefix:>18} [{bar:40}] {bytes:>10}/{total_bytes:<10} {bytes_per_sec:>12} {eta}")
            .unwrap()
            .progress_chars("=> "),
    );
    pb.set_prefix(label.to_owned());
    Arc::new(Bar(pb))
}

/// CPU seconds (user + system) from a `/proc/.../stat` line.
fn stat_cpu(stat: &str) -> f64 {
    let Some(rest) = stat.rfind(')').map(|i| &stat[i + 2..]) else { return 0.0 };
    let f: Vec<f64> = rest.split_whitespace().map(|v| v.parse().unwrap_or(0.0)).collect();
    (f.get(11).copied().unwrap_or(0.0) + f.get(12).copied().unwrap_or(0.0)) / 100.0
}

/// CPU seconds this process spent on the client side: the whole process minus the embedded
/// server's threads (named `s3s-fs-*`; a thread that already exited is not subtracted, so this
/// errs on the high side).
fn client_cpu_seconds() -> f64 {
    let total = stat_cpu(&std::fs::read_to_string("/proc/self/stat").unwrap_or_default());
    let mut server = 0.0;
    for task in std::fs::read_dir("/proc/self/task").into_iter().flatten().flatten() {
        let comm = std::fs::read_to_string(task.path().join("comm")).unwrap_or_default();
        if comm.starts_with("s3s-fs") {
            server += stat_cpu(&std::fs::read_to_string(task.path().join("stat")).unwrap_or_default());
        }
    }
    total - server
}

fn same_file(a: &Path, b: &Path) -> bool {
    std::fs::read(a).ok() == std::fs::read(b).ok()
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let size_mib: u64 = args.iter().position(|a| a == "--size-mib").and_then(|i| args.get(i + 1)).map_or(256, |v| v.parse().unwrap());
    let size = size_mib << 20;

    println!("Starting an embedded S3 server (s3s-fs) ...");
    let server = server::TestServer::start();
    server.create_bucket("quickstart");
    println!("  endpoint {}  bucket quickstart", server.endpoint());

    let work = tempfile::tempdir()?;
    let source = work.path().join("source.bin");
    std::fs::write(&source, server::test_bytes(size as usize, 42))?;
    println!("Generated {} ({size_mib} MiB)\n", source.display());

    let mut rows = Vec::new();
    for engine in engines() {
        let name = format!("{engine:?}").to_lowercase();
        let config = TransferConfig { engine, ..TransferConfig::default() };
        let manager = TransferManager::new(server.sdk_client(), config)?;
        // Makes the CRT client now (and reports a bad setup here), so the timings below are of the
        // transfers alone.
        futures::executor::block_on(manager.prepare())?;
        let key = format!("{name}/source.bin");
        let dest = work.path().join(format!("downloaded-{name}.bin"));

        let (t0, c0) = (Instant::now(), client_cpu_seconds());
        manager.upload(source.as_path(), "quickstart", &key).subscriber(bar(&format!("{name} upload"), size)).start()?.result()?;
        let (up_s, up_cpu) = (t0.elapsed().as_secs_f64(), client_cpu_seconds() - c0);

        let (t0, c0) = (Instant::now(), client_cpu_seconds());
        manager.download("quickstart", &key, dest.as_path()).subscriber(bar(&format!("{name} download"), size)).start()?.result()?;
        let (down_s, down_cpu) = (t0.elapsed().as_secs_f64(), client_cpu_seconds() - c0);

        let ok = same_file(&source, &dest);
        rows.push((name, up_s, up_cpu, down_s, down_cpu, ok));
        // Waits for the manager's threads, the CRT's included, before the next engine (and before
        // the process exits).
        manager.close(std::time::Duration::from_secs(30));
    }

    let mib = size as f64 / (1 << 20) as f64;
    println!("\n| engine | direction | MiB/s | client CPU s | bytes verified |");
    println!("|---|---|---:|---:|---|");
    for (name, up_s, up_cpu, down_s, down_cpu, ok) in &rows {
        let ok = if *ok { "yes" } else { "NO" };
        println!("| {name} | upload | {:.0} | {up_cpu:.2} | {ok} |", mib / up_s);
        println!("| {name} | download | {:.0} | {down_cpu:.2} | {ok} |", mib / down_s);
    }
    println!(
        "\n({size_mib} MiB each way. Client CPU is this process minus the embedded server's threads; \
         `--example bench` runs client and server in separate processes.)"
    );
    if rows.iter().all(|r| r.5) {
        Ok(())
    } else {
        Err("a downloaded file differs from the source".into())
    }
}

/// Every engine this build can run.
fn engines() -> Vec<Engine> {
    let mut v = vec![Engine::Classic];
    if cfg!(feature = "crt") {
        v.push(Engine::Crt);
    }
    v
}
