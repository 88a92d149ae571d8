export { renderMarkdown, markdownToText } from './markdown.js';
