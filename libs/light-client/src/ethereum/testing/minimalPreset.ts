/**
 * Import first in a test file that decodes minimal-preset BeaconStates or
 * bodies with `@lodestar/types` (Lodestar fixes its preset when
 * `@lodestar/params` is first evaluated; ESM evaluates this import's graph
 * before the file's later imports). The light-client lib itself does not
 * need it: it carries its preset in its config.
 */
import { PresetName, setActivePreset } from '@lodestar/params/setPreset'

setActivePreset(PresetName.minimal)
