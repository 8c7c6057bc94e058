// Edits one note with If-Match: the ETag the note was read with. A 412 means someone changed it
// meanwhile; nothing was written, and the user may reload it (losing these edits) or cancel.
import { Alert, Button, Dialog, DialogActions, DialogContent, DialogTitle, Stack, TextField } from "@mui/material";
import { useState } from "react";
import { BerthError, type NotesGetResult } from "../../berth-client";
import { message, useApi } from "../context";
import { formatTags, parseTags } from "../state/tags";

export function NoteEditor({ note, onClose, onSaved }: { note: NotesGetResult; onClose(): void; onSaved(): void }) {
  const api = useApi();
  const [base, setBase] = useState(note);
  const [title, setTitle] = useState(note.title);
  const [body, setBody] = useState(note.body);
  const [tags, setTags] = useState(formatTags(note.tags));
  const [busy, setBusy] = useState(false);
  const [conflict, setConflict] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const save = async () => {
    setBusy(true);
    try {
      await api.withHeaders({ "If-Match": base.etag }).notes.replace(String(base.id), { title, body, tags: parseTags(tags) });
      onSaved();
    } catch (failure) {
      if (failure instanceof BerthError && failure.status === 412) setConflict(true);
      else setError(message(failure));
    } finally {
      setBusy(false);
    }
  };
  const reload = async () => {
    setBusy(true);
    try {
      const fresh = await api.client.notes.get(String(base.id));
      setBase(fresh);
      setTitle(fresh.title);
      setBody(fresh.body);
      setTags(formatTags(fresh.tags));
      setConflict(false);
      setError(null);
    } catch (failure) {
      setError(message(failure));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog open onClose={onClose} fullWidth maxWidth="sm" data-testid="note-editor">
      <DialogTitle>Edit note {base.id}</DialogTitle>
      <DialogContent>
        <Stack spacing={2} sx={{ mt: 1 }}>
          {conflict && (
            <Alert
              data-testid="note-conflict"
              severity="warning"
              action={<Button data-testid="note-conflict-reload" disabled={busy} onClick={reload}>Reload</Button>}
            >
              This note was changed elsewhere. Reload it to see the current version (your edits are dropped).
            </Alert>
          )}
          {error && <Alert data-testid="note-editor-error" severity="error">{error}</Alert>}
          <TextField label="Title" value={title} onChange={(e) => setTitle(e.target.value)} inputProps={{ "data-testid": "edit-title" }} />
          <TextField label="Text" value={body} multiline minRows={3} onChange={(e) => setBody(e.target.value)} inputProps={{ "data-testid": "edit-body" }} />
          <TextField label="Tags (comma-separated)" value={tags} onChange={(e) => setTags(e.target.value)} inputProps={{ "data-testid": "edit-tags" }} />
        </Stack>
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Cancel</Button>
        <Button data-testid="note-save" variant="contained" disabled={busy || conflict || !title.trim()} onClick={save}>Save</Button>
      </DialogActions>
    </Dialog>
  );
}
