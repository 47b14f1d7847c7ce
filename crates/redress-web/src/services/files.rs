//! Reading dropped or chosen files into bytes (the worker decodes them).

use js_sys::Uint8Array;
use wasm_bindgen_futures::JsFuture;

/// A file's name, size and bytes.
pub struct FileBytes {
    /// The name as the user sees it.
    pub name: String,
    /// The bytes.
    pub bytes: Vec<u8>,
}

/// The files of a file list (an `<input type=file>` or a drop).
pub fn list(files: Option<web_sys::FileList>) -> Vec<web_sys::File> {
    let Some(files) = files else { return Vec::new() };
    (0..files.length()).filter_map(|i| files.get(i)).collect()
}

/// Reads a file's bytes.
pub async fn read(file: web_sys::File) -> Option<FileBytes> {
    let buffer = JsFuture::from(file.array_buffer()).await.ok()?;
    let bytes = Uint8Array::new(&buffer).to_vec();
    Some(FileBytes { name: file.name(), bytes })
}
