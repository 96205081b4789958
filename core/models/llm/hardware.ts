/** The hardware line of a local model: pure, so that it is tested without a GPU. */

/**
 * Where the model's layers run, as the hardware line shows it: the GPU backend that holds them with their count
 * ("vulkan, 33 layers"), or "CPU" when no GPU does (none found, DARKROOM_GPU=false, or a backend with no device).
 */
export function hardwareOf(gpu: string | false, gpuLayers: number): string {
  return gpu !== false && gpuLayers > 0 ? `${gpu}, ${gpuLayers} ${gpuLayers === 1 ? 'layer' : 'layers'}` : 'CPU';
}
