// Docker Desktop's vm.service, or null in a plain browser, where createDockerDesktopClient()
// throws. Apart from api.ts: the package resolves only in a browser build, not under vitest.
import { createDockerDesktopClient } from "@docker/extension-api-client";
import type { DesktopService } from "./api";

export function findService(): DesktopService | null {
  try {
    const service = createDockerDesktopClient().extension?.vm?.service;
    return (service as unknown as DesktopService) ?? null;
  } catch {
    return null;
  }
}
