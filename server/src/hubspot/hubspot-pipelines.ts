import type {
  PipelineDefinition,
  PipelineStage,
  PropertyDefinition,
} from 'src/object-definitions/definition.types';
import { statusProperties } from 'src/object-definitions/status-transitions';
import type { HubSpotObject } from './hubspot-names';

export interface HubSpotPipelineStage {
  id: string;
  label: string;
  displayOrder: number;
  /** HubSpot's strings: `probability` as a fraction ("0.25"), `isClosed` "true" or "false". */
  metadata: Record<string, string>;
  archived: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface HubSpotPipeline {
  id: string;
  label: string;
  displayOrder: number;
  archived: false;
  stages: HubSpotPipelineStage[];
  createdAt: string;
  updatedAt: string;
}

/**
 * An object's pipelines as HubSpot's pipelines API shows them: those of its first status property
 * that has pipelines (deal's `stage`). The pipeline's id is its name, a stage's id is its value:
 * what a record's `pipeline` and stage properties hold, on both surfaces. A retired stage reads
 * as archived. Objects without pipelines have none.
 */
export function toHubSpotPipelines(object: HubSpotObject): HubSpotPipeline[] {
  const property = statusProperties(object.definition).find((p) => p.pipelines !== undefined);
  if (!property?.pipelines) {
    return [];
  }
  const createdAt = object.definition.createdAt.toISOString();
  const updatedAt = object.definition.updatedAt.toISOString();
  return property.pipelines.items.map((pipeline, index) => ({
    id: pipeline.name,
    label: pipeline.label ?? pipeline.name,
    displayOrder: index,
    archived: false,
    stages: pipeline.stages.map((stage, order) => ({
      id: stage.value,
      label: stageLabel(property, stage),
      displayOrder: order,
      metadata: stageMetadata(property, pipeline, stage),
      archived: stage.retired === true,
      createdAt,
      updatedAt,
    })),
    createdAt,
    updatedAt,
  }));
}

function stageLabel(property: PropertyDefinition, stage: PipelineStage): string {
  return (
    stage.label ?? property.options?.find((o) => o.value === stage.value)?.label ?? stage.value
  );
}

function stageMetadata(
  property: PropertyDefinition,
  pipeline: PipelineDefinition,
  stage: PipelineStage,
): Record<string, string> {
  const closed = (pipeline.transitions ?? property.transitions)?.closed ?? [];
  return {
    isClosed: String(closed.includes(stage.value)),
    ...(stage.probability !== undefined
      ? { probability: String(Number((stage.probability / 100).toFixed(4))) }
      : {}),
  };
}
