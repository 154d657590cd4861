import { describe, expect, it } from "vitest";
import { isSoftwareRenderer, rendererForGpu, rendererFromSearch } from "../../../client/renderer-choice.js";

describe("renderer choice", () => {
  it("recognises software rasterizers by their WebGL renderer name", () => {
    expect(isSoftwareRenderer("ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero) (0x0000C0DE)), SwiftShader driver)")).toBe(true);
    expect(isSoftwareRenderer("llvmpipe (LLVM 15.0.6, 256 bits)")).toBe(true);
    expect(isSoftwareRenderer("ANGLE (Microsoft, Microsoft Basic Render Driver Direct3D11 vs_5_0 ps_5_0)")).toBe(true);
    expect(isSoftwareRenderer("ANGLE (Intel, Mesa Intel(R) UHD Graphics 620 (KBL GT2), OpenGL 4.6)")).toBe(false);
    expect(isSoftwareRenderer("Apple M2")).toBe(false);
  });

  it("draws with Canvas on software GL and lets Phaser pick elsewhere", () => {
    expect(rendererForGpu("SwiftShader driver")).toBe("canvas");
    expect(rendererForGpu("NVIDIA GeForce RTX 3060/PCIe/SSE2")).toBe("auto");
    expect(rendererForGpu(null)).toBe("auto");
  });

  it("lets the address force a renderer", () => {
    expect(rendererFromSearch("?renderer=webgl")).toBe("webgl");
    expect(rendererFromSearch("?renderer=CANVAS")).toBe("canvas");
    expect(rendererFromSearch("?renderer=metal")).toBeNull();
    expect(rendererFromSearch("")).toBeNull();
  });
});
