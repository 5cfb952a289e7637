// Starts the sysdesign language server for Zed: `sysdesign lsp --stdio`,
// found on the PATH of the worktree's shell (npm install -g sysdesign).
use zed_extension_api::{self as zed, LanguageServerId, Result};

struct Sysdesign;

impl zed::Extension for Sysdesign {
    fn new() -> Self {
        Sysdesign
    }

    fn language_server_command(&mut self, _id: &LanguageServerId, worktree: &zed::Worktree) -> Result<zed::Command> {
        let command = worktree
            .which("sysdesign")
            .ok_or_else(|| "sysdesign is not on the PATH: install it with `npm install -g sysdesign`".to_string())?;
        Ok(zed::Command {
            command,
            args: vec!["lsp".to_string(), "--stdio".to_string()],
            env: Vec::new(),
        })
    }
}

zed::register_extension!(Sysdesign);
