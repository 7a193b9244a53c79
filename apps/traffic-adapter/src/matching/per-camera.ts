/** Cameras whose counts one instance holds at once; past this the longest-known one is forgotten (camera ids come from the feed). */
export const MAX_CAMERAS = 20_000;

/** The counts held for `cameraId`, made on first sight, within `MAX_CAMERAS`. */
export function countsOf<T>(cameras: Map<string, T>, cameraId: string, make: () => T): T {
  let camera = cameras.get(cameraId);
  if (!camera) {
    if (cameras.size >= MAX_CAMERAS) cameras.delete(cameras.keys().next().value!);
    camera = make();
    cameras.set(cameraId, camera);
  }
  return camera;
}
