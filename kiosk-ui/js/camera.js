// The kiosk camera: a live preview and JPEG snapshots (getUserMedia). One stream, kept while the photo step is
// on screen, stopped when it is left. Every `attach()` and `stop()` starts a new generation: a stream that
// arrives for an older one (the resident left, or a newer attach came first) is stopped at once, so the camera
// never stays on behind the next resident's back.

let stream = null;
let generation = 0;

export function available() {
  return Boolean(navigator.mediaDevices && navigator.mediaDevices.getUserMedia);
}

function release() {
  if (stream) stream.getTracks().forEach((track) => track.stop());
  stream = null;
}

/**
 * Shows the camera in `video`. Resolves true when it is on, false when `stop()` or a later `attach()` came
 * first (the late stream is stopped); throws when the camera cannot be opened.
 */
export async function attach(video) {
  const mine = ++generation;
  release();
  let opened;
  try {
    opened = await navigator.mediaDevices.getUserMedia({
      audio: false,
      video: { facingMode: 'environment', width: { ideal: 1280 }, height: { ideal: 960 } },
    });
  } catch (err) {
    if (mine !== generation) return false;
    throw err;
  }
  if (mine !== generation) {
    opened.getTracks().forEach((track) => track.stop());
    return false;
  }
  stream = opened;
  video.srcObject = stream;
  video.muted = true;
  video.playsInline = true;
  await video.play().catch(() => {});
  return mine === generation;
}

export function stop() {
  generation += 1;
  release();
}

function toJpeg(canvas) {
  return new Promise((resolve, reject) => {
    canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('no image'))), 'image/jpeg', 0.85);
  });
}

/** The current frame as a JPEG blob. */
export async function capture(video) {
  const width = video.videoWidth || 640;
  const height = video.videoHeight || 480;
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  canvas.getContext('2d').drawImage(video, 0, 0, width, height);
  return toJpeg(canvas);
}

/**
 * A picked file (a phone's photo, perhaps HEIC) redrawn as a JPEG of at most `longEdge` px on the long edge: turned
 * upright by its EXIF orientation, and without any of its metadata (place, camera, time). Also the citizen's app's.
 */
export async function fileToJpeg(file, longEdge = 2048) {
  const bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
  const scale = Math.min(1, longEdge / Math.max(bitmap.width, bitmap.height));
  const canvas = document.createElement('canvas');
  canvas.width = Math.round(bitmap.width * scale);
  canvas.height = Math.round(bitmap.height * scale);
  canvas.getContext('2d').drawImage(bitmap, 0, 0, canvas.width, canvas.height);
  bitmap.close();
  return toJpeg(canvas);
}
