// The loading, error and empty states every panel shows the same way.
import { Alert, Box, CircularProgress, Typography } from "@mui/material";
import type { ReactNode } from "react";

export function Loading({ id }: { id: string }) {
  return (
    <Box data-testid={`${id}-loading`} sx={{ display: "flex", alignItems: "center", gap: 1, p: 2 }}>
      <CircularProgress size={20} />
      <Typography variant="body2">Loading…</Typography>
    </Box>
  );
}

export function ErrorLine({ id, error, action }: { id: string; error: string | null; action?: ReactNode }) {
  if (!error) return null;
  return (
    <Alert data-testid={`${id}-error`} severity="error" action={action} sx={{ my: 1 }}>
      {error}
    </Alert>
  );
}

export function Empty({ id, children }: { id: string; children: ReactNode }) {
  return (
    <Typography data-testid={`${id}-empty`} variant="body2" color="text.secondary" sx={{ p: 2 }}>
      {children}
    </Typography>
  );
}
