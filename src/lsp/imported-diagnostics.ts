/**
 * Diagnostics of files that are not open but are imported by open ones: the
 * check of an importer finds them (as `mtl check` prints them), so the server
 * publishes them under the imported file's URI — a broken networks.mtl shows in
 * the Problems panel even when only the experiment is open. Each such file
 * remembers which open importers published for it and is cleared when none is left.
 */
export class ImportedDiagnostics<D> {
  private readonly owners = new Map<string, Set<string>>();

  constructor(private readonly publish: (file: string, diagnostics: D[]) => void) {}

  /** After `owner` was checked: `files` are the unopened files it imports, with their diagnostics. */
  update(owner: string, files: ReadonlyMap<string, D[]>): void {
    for (const [file, owners] of this.owners) {
      if (owners.has(owner) && !files.has(file)) this.release(owner, file);
    }
    for (const [file, diagnostics] of files) {
      const owners = this.owners.get(file) ?? new Set<string>();
      owners.add(owner);
      this.owners.set(file, owners);
      this.publish(file, diagnostics);
    }
  }

  /** `owner` was closed: clear what only it had published. */
  dropOwner(owner: string): void {
    for (const [file, owners] of this.owners) if (owners.has(owner)) this.release(owner, file);
  }

  /** `file` was opened: its own check publishes for it from now on. */
  dropFile(file: string): void {
    this.owners.delete(file);
  }

  private release(owner: string, file: string): void {
    const owners = this.owners.get(file);
    owners?.delete(owner);
    if (owners && owners.size === 0) {
      this.owners.delete(file);
      this.publish(file, []);
    }
  }
}
