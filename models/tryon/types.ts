/** What the try-on keypoint model returns: people with body, face and hand points in the photo's pixel coordinates. */

/** A point in pixels with the model's confidence (0..1). */
export interface Keypoint {
  x: number;
  y: number;
  score: number;
}

/** MoveNet's 17 body points (COCO order). */
export const BODY_POINTS = [
  'nose', 'left_eye', 'right_eye', 'left_ear', 'right_ear', 'left_shoulder', 'right_shoulder', 'left_elbow', 'right_elbow',
  'left_wrist', 'right_wrist', 'left_hip', 'right_hip', 'left_knee', 'right_knee', 'left_ankle', 'right_ankle',
] as const;
/** A body point name. */
export type BodyPoint = (typeof BODY_POINTS)[number];

/** Face landmarks a try-on uses (from the face mesh with iris). `left`/`right` are the person's own sides. */
export const FACE_POINTS = [
  'left_eye', 'right_eye', 'left_iris', 'right_iris', 'left_eye_outer', 'right_eye_outer', 'left_ear', 'right_ear',
  'left_ear_lobe', 'right_ear_lobe', 'nose_bridge', 'nose_tip', 'mouth_left', 'mouth_right', 'mouth_centre', 'chin', 'forehead',
] as const;
/** A face landmark name. */
export type FacePoint = (typeof FACE_POINTS)[number];

/** The 21 hand landmarks (MediaPipe order). */
export const HAND_POINTS = [
  'wrist', 'thumb_cmc', 'thumb_mcp', 'thumb_ip', 'thumb_tip', 'index_mcp', 'index_pip', 'index_dip', 'index_tip',
  'middle_mcp', 'middle_pip', 'middle_dip', 'middle_tip', 'ring_mcp', 'ring_pip', 'ring_dip', 'ring_tip',
  'pinky_mcp', 'pinky_pip', 'pinky_dip', 'pinky_tip',
] as const;
/** A hand landmark name. */
export type HandPoint = (typeof HAND_POINTS)[number];

/** Pixel box: left, top, width, height. */
export type Box = [number, number, number, number];

/** A face found in the photo. */
export interface FaceKeypoints {
  score: number;
  box: Box;
  /** Head roll in degrees (eye line against the horizontal, positive = clockwise on screen). */
  rollDeg: number;
  /** Head yaw estimate in degrees (0 = facing the camera); large values mean the face is turned away. */
  yawDeg: number;
  points: Record<FacePoint, Keypoint>;
}

/** A hand found in the photo. */
export interface HandKeypoints {
  score: number;
  box: Box;
  points: Record<HandPoint, Keypoint>;
}

/** One person: body points when the body model found them, the face and hands matched to that body. */
export interface Person {
  index: number;
  score: number;
  box: Box;
  body: Partial<Record<BodyPoint, Keypoint>>;
  face: FaceKeypoints | null;
  hands: HandKeypoints[];
}

/** Which detectors a call runs: a product needs only some (glasses: face with iris; a ring: hands; a top: body). */
export interface KeypointParts {
  body: boolean;
  face: boolean;
  /** Iris landmarks (only glasses use them; without them the iris points are the eye centres). */
  iris: boolean;
  hands: boolean;
}

/** Every detector: what `desk keypoints` and the people picker run. */
export const ALL_PARTS: KeypointParts = { body: true, face: true, iris: true, hands: true };

/** Milliseconds per stage. */
export interface KeypointTimings {
  detection: number;
  keypoints: number;
  segmentation: number;
}

/** The whole answer for a photo. */
export interface KeypointResult {
  width: number;
  height: number;
  people: Person[];
  ms: KeypointTimings;
  /** The detectors that ran (people may lack parts that were not looked for). */
  parts: KeypointParts;
}

/** A decoded RGB photo (3 bytes per pixel, row-major). */
export interface RgbImage {
  width: number;
  height: number;
  data: Uint8Array;
}

/** A person mask at the photo's size, 0..255 per pixel (255 = person). */
export interface PersonMask {
  width: number;
  height: number;
  data: Uint8Array;
}
