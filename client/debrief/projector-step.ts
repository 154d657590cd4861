// The workshop projector's debrief step, set by the console (through the workshop room) and read
// by the Debrief scene: one key in the Phaser game's registry, so neither imports the other.
export const PROJECTOR_STEP_KEY = "projectorStep";
