//! Placeholder: the CRT build lands with the CRT foundation work.
fn main() {
    println!("cargo:rerun-if-changed=build.rs");
}
