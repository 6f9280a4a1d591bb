"use client";
// Renders a lesson compiled by mdx-bundler. Must be a client component using the `/jsx` client
// entry with this React (docs: /work/shared/STACK.md): the default entry loads a second React.
import * as React from "react";
import * as ReactDOM from "react-dom";
import * as _jsx_runtime from "react/jsx-runtime";
import { getMDXComponent } from "mdx-bundler/client/jsx";
import { Callout } from "./callout";
import { Mermaid } from "./mermaid";
import { simComponents } from "./sim-components";

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

const components = {
  ...simComponents,
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

export function LessonBody({ code }: { code: string }) {
  // getMDXComponent evaluates the compiled lesson once per code string; memoised, so not re-created per render.
  const Content = React.useMemo(() => getMDXComponent(code, { React, ReactDOM, _jsx_runtime }), [code]);
  // eslint-disable-next-line react-hooks/static-components
  return <Content components={components as never} />;
}
