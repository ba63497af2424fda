export function App() {
  return <h1>DBMTL Studio</h1>;
}
