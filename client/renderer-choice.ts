// Which Phaser renderer the game draws with. WebGL on a real GPU; Canvas where WebGL would run
// on a software rasterizer (SwiftShader, llvmpipe, Microsoft Basic Render...: blocklisted GPUs,
// virtual machines, school laptops, headless browsers). Measured in the stress scene (32 nodes,
// 500 packets, headless Chromium on SwiftShader): WebGL about 21 fps, Canvas about 59 fps.
// `?renderer=webgl` or `?renderer=canvas` in the address forces one (benchmarks, bug reports).

export type RendererChoice = "auto" | "webgl" | "canvas";

const SOFTWARE_RENDERERS = /swiftshader|llvmpipe|softpipe|software|basic render|mesa offscreen/i;

/** True when a WebGL renderer name (UNMASKED_RENDERER_WEBGL) names a software rasterizer. */
export function isSoftwareRenderer(name: string): boolean {
  return SOFTWARE_RENDERERS.test(name);
}

/** `?renderer=webgl|canvas` -> that renderer; anything else -> null (no preference). */
export function rendererFromSearch(search: string): RendererChoice | null {
  const wanted = new URLSearchParams(search).get("renderer")?.toLowerCase();
  return wanted === "webgl" || wanted === "canvas" ? wanted : null;
}

/** The renderer name WebGL would use here, or null without WebGL (Phaser.AUTO then picks Canvas). */
function webglRendererName(): string | null {
  const gl = document.createElement("canvas").getContext("webgl");
  if (!gl) return null;
  const info = gl.getExtension("WEBGL_debug_renderer_info");
  const name = String(gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER) ?? "");
  // Hand the probe's context back at once: browsers cap live WebGL contexts.
  gl.getExtension("WEBGL_lose_context")?.loseContext();
  return name;
}

/** The address's choice, else what WebGL's renderer name asks for (see rendererForGpu). */
export function chooseRenderer(search: string = location.search): RendererChoice {
  return rendererFromSearch(search) ?? rendererForGpu(webglRendererName());
}

/** Canvas on software GL; otherwise "auto" (Phaser takes WebGL when there is one, else Canvas). */
export function rendererForGpu(webglName: string | null): RendererChoice {
  return webglName !== null && isSoftwareRenderer(webglName) ? "canvas" : "auto";
}
