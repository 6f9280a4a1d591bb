// Renders a lesson compiled by mdx-bundler, on the server (at build time for prerendered lessons):
// the browser receives HTML and loads code only for the interactive parts (simulations, diagrams),
// instead of evaluating the whole lesson and hydrating it. Uses the `/jsx` entry with this React:
// the default entry loads a second React.
import * as React from "react";
import * as ReactDOM from "react-dom";
import * as _jsx_runtime from "react/jsx-runtime";
import { getMDXComponent } from "mdx-bundler/client/jsx";
import { Callout } from "./callout";
import { Mermaid } from "./mermaid";
import { Checkpoint, type CheckpointProps } from "./checkpoint";
import { EmbeddedSim, EmbeddedSimTask, type SimProps } from "@/components/sim";
import { SIM_COMPONENTS } from "@/lib/content/simulations";

type HeadingProps = React.HTMLAttributes<HTMLHeadingElement>;

/** Section headings carry a visible-on-hover link to themselves (ids come from rehype-slug). */
function anchored(Tag: "h2" | "h3") {
  function AnchoredHeading({ id, children, ...rest }: HeadingProps) {
    return (
      <Tag id={id} {...rest}>
        {children}
        {id ? (
          <a className="heading-anchor" href={`#${id}`} aria-label="Link to this section">
            #
          </a>
        ) : null}
      </Tag>
    );
  }
  return AnchoredHeading;
}

/** Each simulation the MDX may name, as a server-side stand-in for the client player. */
const simulations = Object.fromEntries(
  Object.keys(SIM_COMPONENTS).map((name) => {
    const Sim = (props: SimProps) => <EmbeddedSim component={name} {...props} />;
    Sim.displayName = name;
    return [name, Sim];
  }),
);

const components = {
  ...simulations,
  SimTask: EmbeddedSimTask,
  Callout,
  Mermaid,
  h2: anchored("h2"),
  h3: anchored("h3"),
  table: (props: React.TableHTMLAttributes<HTMLTableElement>) => (
    // Wide tables scroll on their own instead of widening the page; focusable so keyboards can scroll.
    <div className="table-scroll" tabIndex={0} role="region" aria-label="Table">
      <table {...props} />
    </div>
  ),
};

/** The lesson's checkpoints by question id, served without their keys (lib/practice/checkpoint.ts). */
export type LessonCheckpoints = Record<string, CheckpointProps>;

export function LessonBody({ code, checkpoints = {} }: { code: string; checkpoints?: LessonCheckpoints }) {
  const Content = getMDXComponent(code, { React, ReactDOM, _jsx_runtime });
  // content:check reports a checkpoint whose question is missing; the page then leaves it out.
  const LessonCheckpoint = ({ id }: { id?: string }) => {
    const props = id ? checkpoints[id] : undefined;
    return props ? <Checkpoint {...props} /> : null;
  };
  // eslint-disable-next-line react-hooks/static-components
  return <Content components={{ ...components, Checkpoint: LessonCheckpoint } as never} />;
}
