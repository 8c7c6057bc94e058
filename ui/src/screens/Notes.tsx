// Notes: a debounced search whose stale answers are dropped, pages over next_cursor, create,
// edit (NoteEditor, If-Match), delete with confirmation.
import {
  Box, Button, Chip, Dialog, DialogActions, DialogContent, DialogTitle, List, ListItem, ListItemText,
  Paper, Stack, TextField, Typography,
} from "@mui/material";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import type { NotesGetResult } from "../../berth-client";
import { message, useApi } from "../context";
import { Empty, ErrorLine, Loading } from "../components/Status";
import { debounce } from "../state/debounce";
import { createLatest, STALE } from "../state/latest";
import { appendPage, firstPage, hasMore, type Paged } from "../state/pages";
import { parseTags } from "../state/tags";
import { NoteEditor } from "./NoteEditor";
import { useSubmit } from "../useSubmit";

type Note = NotesGetResult;
const PAGE = 50;
export const SEARCH_DEBOUNCE_MS = 250;

export function Notes() {
  const api = useApi();
  const { client } = api;
  const latest = useRef(createLatest()).current;
  const generation = useRef(0);
  const [search, setSearch] = useState("");
  const [paged, setPaged] = useState<Paged<Note> | null>(null);
  const [loading, setLoading] = useState(true);
  const [moreBusy, setMoreBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [editing, setEditing] = useState<Note | null>(null);
  const [deleting, setDeleting] = useState<Note | null>(null);
  const query = useRef("");

  // Each first-page load is a new list: a "more" page of an older list is never appended.
  const loadFirst = useCallback(async (q: string) => {
    query.current = q;
    const key = `${q}\u0000${++generation.current}`;
    setLoading(true);
    try {
      const page = await latest.run(() => client.notes.list({ limit: PAGE, ...(q ? { q } : {}) }));
      if (page === STALE) return;
      setPaged(firstPage(key, page.notes as Note[], page.next_cursor));
      setError(null);
    } catch (failure) {
      setError(message(failure));
    } finally {
      setLoading(false);
    }
  }, [client, latest]);

  const loadMore = async () => {
    if (!paged || !paged.cursor) return;
    const key = paged.query;
    setMoreBusy(true);
    try {
      const q = query.current;
      const page = await client.notes.list({ limit: PAGE, cursor: paged.cursor, ...(q ? { q } : {}) });
      setPaged((current) => (current ? appendPage(current, key, page.notes as Note[], page.next_cursor) : current));
      setError(null);
    } catch (failure) {
      setError(message(failure));
    } finally {
      setMoreBusy(false);
    }
  };

  const searchLater = useMemo(() => debounce((q: string) => void loadFirst(q), SEARCH_DEBOUNCE_MS), [loadFirst]);
  useEffect(() => {
    void loadFirst("");
    const off = api.connection.onRecover(() => void loadFirst(query.current));
    return () => {
      off();
      searchLater.cancel();
      latest.invalidate();
    };
  }, [loadFirst, searchLater, api.connection, latest]);

  const reloadList = () => void loadFirst(query.current);

  return (
    <Stack spacing={2}>
      <CreateNote onCreated={reloadList} />
      <Paper sx={{ p: 2 }}>
        <TextField
          fullWidth
          size="small"
          type="search"
          label="Search title and text"
          value={search}
          onChange={(e) => {
            setSearch(e.target.value);
            searchLater(e.target.value.trim());
          }}
          onKeyDown={(e) => e.key === "Enter" && searchLater.flush()}
          inputProps={{ "data-testid": "notes-search" }}
        />
        <ErrorLine id="notes" error={error} />
        {loading && !paged && <Loading id="notes" />}
        {paged && paged.items.length === 0 && (
          <Empty id="notes">{query.current ? `No notes match “${query.current}”.` : "No notes yet: add one above."}</Empty>
        )}
        {paged && paged.items.length > 0 && (
          <>
            <Typography data-testid="notes-count" variant="body2" color="text.secondary" sx={{ mt: 1 }}>
              {paged.items.length} shown{hasMore(paged) ? ", more to load" : ""}
            </Typography>
            <List dense data-testid="notes-list" data-loading={loading ? "true" : "false"}>
              {paged.items.map((note) => (
                <ListItem
                  key={note.id}
                  data-testid="note"
                  data-id={note.id}
                  divider
                  secondaryAction={
                    <Stack direction="row" spacing={1}>
                      <Button size="small" data-testid="note-edit" onClick={() => setEditing(note)}>Edit</Button>
                      <Button size="small" color="error" data-testid="note-delete" onClick={() => setDeleting(note)}>Delete</Button>
                    </Stack>
                  }
                >
                  <ListItemText
                    primary={<span data-testid="note-title">{note.title}</span>}
                    secondary={
                      <Box component="span" sx={{ display: "flex", gap: 0.5, flexWrap: "wrap", alignItems: "center" }}>
                        {note.body && <span data-testid="note-body">{note.body}</span>}
                        {note.tags.map((tag) => <Chip key={tag} data-testid="note-tag" size="small" label={tag} component="span" />)}
                      </Box>
                    }
                  />
                </ListItem>
              ))}
            </List>
            {hasMore(paged) && (
              <Button data-testid="notes-more" variant="outlined" disabled={moreBusy} onClick={loadMore}>
                {moreBusy ? "Loading…" : "Load more"}
              </Button>
            )}
          </>
        )}
      </Paper>
      {editing && (
        <NoteEditor
          note={editing}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            reloadList();
          }}
        />
      )}
      {deleting && <ConfirmDelete note={deleting} onClose={() => setDeleting(null)} onDeleted={reloadList} />}
    </Stack>
  );
}

function CreateNote({ onCreated }: { onCreated(): void }) {
  const { client } = useApi();
  const [title, setTitle] = useState("");
  const [body, setBody] = useState("");
  const [tags, setTags] = useState("");
  const { busy, error, run } = useSubmit();
  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    if (!title.trim()) return;
    return run(async () => {
      await client.notes.create({ title, body, tags: parseTags(tags) });
      setTitle("");
      setBody("");
      setTags("");
      onCreated();
    });
  };
  return (
    <Paper sx={{ p: 2 }} component="form" onSubmit={submit} data-testid="note-form">
      <Stack direction="row" spacing={1} alignItems="flex-start">
        <TextField size="small" label="Title" required value={title} onChange={(e) => setTitle(e.target.value)} inputProps={{ "data-testid": "new-title", maxLength: 200 }} />
        <TextField size="small" label="Text" value={body} onChange={(e) => setBody(e.target.value)} sx={{ flexGrow: 1 }} inputProps={{ "data-testid": "new-body" }} />
        <TextField size="small" label="Tags" placeholder="a, b" value={tags} onChange={(e) => setTags(e.target.value)} inputProps={{ "data-testid": "new-tags" }} />
        <Button type="submit" variant="contained" disabled={busy || !title.trim()} data-testid="note-add">
          {busy ? "Adding…" : "Add"}
        </Button>
      </Stack>
      <ErrorLine id="note-form" error={error} />
    </Paper>
  );
}

function ConfirmDelete({ note, onClose, onDeleted }: { note: Note; onClose(): void; onDeleted(): void }) {
  const { client } = useApi();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const remove = async () => {
    setBusy(true);
    try {
      await client.notes.remove(String(note.id));
      onClose();
      onDeleted();
    } catch (failure) {
      setError(message(failure));
      setBusy(false);
    }
  };
  return (
    <Dialog open onClose={onClose} data-testid="note-confirm-delete">
      <DialogTitle>Delete “{note.title}”?</DialogTitle>
      <DialogContent>
        <Typography>The note is removed for good.</Typography>
        <ErrorLine id="note-delete" error={error} />
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Cancel</Button>
        <Button data-testid="note-delete-confirm" color="error" variant="contained" disabled={busy} onClick={remove}>Delete</Button>
      </DialogActions>
    </Dialog>
  );
}
